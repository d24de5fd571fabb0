import type { RequestTemplate } from './request-templates.ts';

/*
 * The « Modèles de demandes » a new firm starts with, written as an accountant writes to a
 * client: what to send, for which period, and why when it is not obvious. Offsets are counted
 * from the task's due date: a Bilan's documents three months before the liasse is due (early
 * February for a 31/12 closing), a CA3's ten days before the return, a payroll's five days before
 * the pay run.
 */

const BILAN: RequestTemplate = {
	name: 'Bilan annuel',
	items: [
		{
			title: 'Relevés bancaires de l’exercice {période}',
			description:
				'Les relevés de tous vos comptes professionnels (comptes courants, livrets, comptes à terme) pour l’exercice entier, jusqu’au relevé qui suit la date de clôture. Un export PDF depuis votre banque en ligne convient.',
			dueOffsetDays: -90
		},
		{
			title: 'Factures d’achats',
			description:
				'Toutes les factures de vos fournisseurs et vos frais de l’exercice (notes de frais et abonnements compris), de préférence classées par mois. Celles déjà déposées en cours d’année n’ont pas à être renvoyées.',
			dueOffsetDays: -90
		},
		{
			title: 'Factures de ventes',
			description:
				'Toutes les factures et tous les avoirs émis sur l’exercice, ou l’export de votre logiciel de facturation, avec la liste des factures encore impayées à la date de clôture.',
			dueOffsetDays: -90
		},
		{
			title: 'État des stocks à la clôture',
			description:
				'L’inventaire de vos stocks au jour de la clôture (marchandises, matières premières, travaux en cours) : quantités, prix d’achat unitaires hors taxes et valeur totale, daté et signé. Indiquez « néant » en commentaire si vous n’avez pas de stock.',
			dueOffsetDays: -75
		},
		{
			title: 'Tableaux d’amortissement des emprunts',
			description:
				'Pour chaque emprunt en cours, le tableau d’amortissement fourni par la banque ; pour un emprunt ou un crédit-bail souscrit pendant l’exercice, le contrat aussi.',
			dueOffsetDays: -90
		},
		{
			title: 'Immobilisations acquises ou cédées',
			description:
				'Les factures des matériels, véhicules, logiciels, mobiliers et travaux de plus de 500 € HT achetés pendant l’exercice, et les justificatifs de toute vente ou mise au rebut d’un bien de l’entreprise.',
			dueOffsetDays: -90
		},
		{
			title: 'Caisse',
			description:
				'Le livre (ou brouillard) de caisse de l’exercice et le solde d’espèces compté au jour de la clôture. Si l’entreprise n’a pas de caisse, indiquez-le simplement en commentaire.',
			dueOffsetDays: -75
		},
		{
			title: 'Courriers des administrations',
			description:
				'Les avis et courriers reçus pendant l’exercice des impôts, de l’Urssaf ou d’autres organismes (échéanciers, relances, remboursements, contrôles), pour que rien ne manque au bilan.',
			dueOffsetDays: -75
		}
	]
};

const VAT: RequestTemplate = {
	name: 'TVA',
	items: [
		{
			title: 'Relevé bancaire {période}',
			description:
				'Le relevé de chacun de vos comptes professionnels pour la période, complet du premier au dernier jour.',
			dueOffsetDays: -10
		},
		{
			title: 'Factures d’achats {période}',
			description:
				'Toutes les factures de vos fournisseurs datées de la période, frais compris (carburant, téléphone, abonnements) : la TVA que vous pouvez déduire en dépend.',
			dueOffsetDays: -10
		},
		{
			title: 'Factures de ventes {période}',
			description:
				'Toutes les factures et tous les avoirs émis pendant la période, ou l’export de votre logiciel de facturation. Pour des prestations de services, joignez la liste des encaissements reçus.',
			dueOffsetDays: -10
		}
	]
};

const ONBOARDING: RequestTemplate = {
	name: 'Entrée en relation',
	items: [
		{
			title: 'Extrait Kbis de moins de 3 mois',
			description:
				'Un extrait Kbis de la société datant de moins de trois mois, téléchargeable sur le site du greffe.',
			dueOffsetDays: -7
		},
		{
			title: 'Statuts à jour',
			description:
				'La dernière version des statuts, signée, avec les modifications adoptées depuis la constitution (changement de siège, de capital, de dirigeant).',
			dueOffsetDays: -7
		},
		{
			title: 'Pièce d’identité du dirigeant',
			description:
				'Une copie recto verso, en cours de validité, de la carte d’identité ou du passeport du dirigeant. La réglementation contre le blanchiment nous impose de la conserver.',
			dueOffsetDays: -7
		},
		{
			title: 'RIB de la société',
			description:
				'Le relevé d’identité bancaire du compte professionnel, pour vos déclarations et le prélèvement de nos honoraires.',
			dueOffsetDays: -7
		},
		{
			title: 'Lettre de mission signée',
			description:
				'La lettre de mission que nous vous avons adressée, datée et signée. Elle fixe l’étendue de nos travaux et nos honoraires ; nous ne pouvons commencer qu’à sa réception.',
			dueOffsetDays: -7
		}
	]
};

const TAKEOVER: RequestTemplate = {
	name: 'Reprise de dossier',
	items: [
		{
			title: 'Fichier des écritures comptables (FEC)',
			description:
				'Le FEC du dernier exercice clos, à demander à votre précédent expert-comptable ou à exporter de votre logiciel comptable. Joignez ceux des deux exercices antérieurs si vous les avez.',
			dueOffsetDays: -14
		},
		{
			title: 'Grand livre',
			description:
				'Le grand livre du dernier exercice clos, en PDF ou en export tableur, pour retrouver le détail de chaque compte.',
			dueOffsetDays: -14
		},
		{
			title: 'Dernière liasse fiscale',
			description:
				'La liasse fiscale complète du dernier exercice (formulaires 2050 à 2059, ou 2033 au régime simplifié) et l’accusé de réception de son dépôt.',
			dueOffsetDays: -14
		},
		{
			title: 'Balance générale',
			description:
				'La balance générale des comptes à la clôture du dernier exercice : nous en reprenons les soldes pour ouvrir le nouvel exercice.',
			dueOffsetDays: -14
		}
	]
};

const PAYROLL: RequestTemplate = {
	name: 'Paie',
	items: [
		{
			title: 'Variables de paie {période}',
			description:
				'Salarié par salarié, tout ce qui change le bulletin du mois : heures supplémentaires, absences (maladie, congés, RTT), primes, acomptes versés, frais à rembourser. Sans variable, répondez « aucune » en commentaire.',
			dueOffsetDays: -5
		},
		{
			title: 'Entrées et sorties {période}',
			description:
				'Pour une embauche, avant l’arrivée (la DPAE doit être faite avant) : pièce d’identité, numéro de sécurité sociale, RIB, poste, salaire et date d’entrée. Pour un départ : date de fin, motif et lettre de démission ou de licenciement.',
			dueOffsetDays: -5
		}
	]
};

/** Frozen: a firm's copies are made by the store, never by editing these. */
export const DEFAULT_TEMPLATES: readonly RequestTemplate[] = Object.freeze(
	[BILAN, VAT, ONBOARDING, TAKEOVER, PAYROLL].map((template) =>
		Object.freeze({
			...template,
			items: Object.freeze(template.items.map((i) => Object.freeze(i)))
		})
	)
) as readonly RequestTemplate[];
