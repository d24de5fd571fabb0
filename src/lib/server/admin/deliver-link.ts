import type { Delivery, LinkPurpose } from '../../domain/invitations.ts';
import { audit } from '../audit.ts';
import { issueLink } from '../auth/links.ts';
import { linkMail } from '../mail/link-mail.ts';
import type { Runtime } from '../runtime.ts';
import type { User } from '../store/Store.ts';

/**
 * Issues a single-use link for `user` (revoking its previous one of the same purpose), records it
 * in the audit log, and e-mails it when the app has a mailer.
 */
export async function deliverLink(
	rt: Pick<Runtime, 'store' | 'origin' | 'mailer'>,
	input: { user: User; purpose: LinkPurpose; by: string | null }
): Promise<Delivery> {
	const { user, purpose } = input;
	const { url, expiresAt } = await issueLink(rt.store, {
		userId: user.id,
		purpose,
		createdBy: input.by,
		origin: rt.origin
	});
	await audit(
		rt.store,
		{ firmId: user.firmId, id: input.by },
		purpose === 'invite' ? 'invitation.send' : 'reset.send',
		user.id,
		rt.mailer ? 'mail' : 'shown'
	);
	if (!rt.mailer) return { sentTo: null, url, mailError: null };
	const firm = await rt.store.getFirm(user.firmId);
	try {
		await rt.mailer.send(
			linkMail({
				purpose,
				to: { name: user.name, address: user.email },
				firmName: firm?.name ?? 'Votre cabinet',
				url,
				expiresAt
			})
		);
		return { sentTo: user.email, url: null, mailError: null };
	} catch (error) {
		console.error(`Cannot e-mail a ${purpose} link to user ${user.id}`, error);
		return {
			sentTo: null,
			url,
			mailError: 'L’e-mail n’a pas pu être envoyé. Transmettez ce lien vous-même :'
		};
	}
}
