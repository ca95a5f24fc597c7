using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Mail;

/// <summary>
/// The e-mails a referral causes, staged in the outbox with the change itself. Bilingual (the recipient's language is
/// not known), and never a family detail: what happened and a link to sign in and see. A warm handoff's e-mails to the
/// partner also carry a referral link (<see cref="ReferralLink"/>), so an organisation without accounts can answer:
/// its token exists only in the e-mail (the outbox forgets it once sent), the link row keeps its hash.
/// </summary>
public sealed class ReferralMail(PartnerNetworkDb db, Outbox outbox, TimeProvider clock)
{
    string Link(Referral referral) => $"{outbox.BaseUrl}/Referrals/Details/{referral.Id}";

    /// <summary>New referral → the service's referral contact (or the organisation's e-mail).</summary>
    public async Task NewReferralAsync(Referral referral) =>
        await StageForPartnerAsync(referral,
            "Nouvelle orientation / New referral",
            "Une nouvelle orientation a été envoyée à votre organisme.",
            "A new referral was sent to your organisation.");

    /// <summary>The partner moved the referral → the referring agent.</summary>
    public async Task StatusChangedAsync(Referral referral) =>
        Stage(await AgentAddressAsync(referral), referral,
            "Orientation mise à jour / Referral updated",
            "Le partenaire a mis à jour une orientation que vous avez envoyée.",
            "The partner updated a referral you sent.");

    /// <summary>The agent (or a consent withdrawal) cancelled a warm handoff → the partner stops working on it.</summary>
    public async Task CancelledAsync(Referral referral)
    {
        if (referral.Kind != ReferralKind.WarmHandoff) return;
        Stage(await PartnerAddressAsync(referral), referral,
            "Orientation annulée / Referral cancelled",
            "Une orientation envoyée à votre organisme a été annulée.",
            "A referral sent to your organisation was cancelled.");
    }

    /// <summary>Not acknowledged after two business days → a reminder to the partner, with a working link.</summary>
    public async Task AcknowledgementReminderAsync(Referral referral) =>
        await StageForPartnerAsync(referral,
            "Rappel : orientation sans accusé de réception / Reminder: referral not acknowledged",
            "Une orientation attend votre accusé de réception depuis deux jours ouvrables.",
            "A referral has been waiting two business days for your acknowledgement.");

    /// <summary>Not acknowledged after five business days → an alert to the agent.</summary>
    public async Task AcknowledgementAlertAsync(Referral referral) =>
        Stage(await AgentAddressAsync(referral), referral,
            "Alerte : orientation sans réponse / Alert: referral without answer",
            "Le partenaire n'a pas accusé réception de votre orientation depuis cinq jours ouvrables. Pensez à réorienter la famille.",
            "The partner has not acknowledged your referral for five business days. Consider redirecting the family.");

    /// <summary>
    /// The agent or an admin replaces the referral's links: every earlier one stops now (a forwarded or leaked e-mail),
    /// and the contact receives a new one. Returns false when the referral has no partner address to send it to.
    /// </summary>
    public async Task<bool> ReplaceLinksAsync(Referral referral, Guid byUserId)
    {
        if (referral.Kind != ReferralKind.WarmHandoff || await PartnerAddressAsync(referral) is not { } to) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var old in await db.EmailLinks.Where(l => l.ReferralId == referral.Id && l.RevokedAt == null).ToListAsync()) old.Revoke(now, byUserId);
        await StageForPartnerAsync(referral,
            "Nouveau lien pour une orientation / New link for a referral",
            "Voici un nouveau lien pour une orientation envoyée à votre organisme ; les liens précédents ne fonctionnent plus.",
            "Here is a new link for a referral sent to your organisation; earlier links no longer work.");
        return true;
    }

    /// <summary>
    /// To the partner's contact, with a new referral link for a warm handoff. The token cannot be read back from the
    /// stored hash, so a reminder carries a new link with the same scope; the earlier ones keep working until revoked.
    /// </summary>
    async Task StageForPartnerAsync(Referral referral, string subject, string french, string english)
    {
        var to = await PartnerAddressAsync(referral);
        if (string.IsNullOrWhiteSpace(to)) return;
        if (referral.Kind != ReferralKind.WarmHandoff)
        {
            Stage(to, referral, subject, french, english);
            return;
        }
        var (link, token) = ReferralLink.Issue(referral, to, clock.GetUtcNow().UtcDateTime);
        db.EmailLinks.Add(link);
        var url = outbox.BaseUrl + ReferralLink.PathFor(token);
        outbox.Stage(to, subject,
            $"{french}\nRépondre sans compte, depuis ce lien personnel (ne le transférez pas) :\n{url}\nAvec un compte PartnerNetwork : {Link(referral)}\n\n" +
            $"{english}\nAnswer without an account, from this personal link (do not forward it):\n{url}\nWith a PartnerNetwork account: {Link(referral)}\n\n— PartnerNetwork",
            referral.Id);
    }

    void Stage(string? to, Referral referral, string subject, string french, string english) =>
        outbox.Stage(to, subject, $"{french}\n{Link(referral)}\n\n{english}\n{Link(referral)}\n\n— PartnerNetwork", referral.Id);

    Task<string?> PartnerAddressAsync(Referral referral) =>
        db.Services.Where(s => s.Id == referral.ServiceId).Select(s => s.ReferralEmail ?? s.Organization!.Email).SingleOrDefaultAsync();

    Task<string?> AgentAddressAsync(Referral referral) =>
        db.Users.Where(u => u.Id == referral.ReferredById && u.IsActive).Select(u => u.Email).SingleOrDefaultAsync();
}
