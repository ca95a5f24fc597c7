using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Mail;

/// <summary>
/// The e-mails a referral causes, staged in the outbox with the change itself. Bilingual (the recipient's language is
/// not known), and never a family detail: what happened and a link to sign in and see.
/// </summary>
public sealed class ReferralMail(PartnerNetworkDb db, Outbox outbox)
{
    string Link(Referral referral) => $"{outbox.BaseUrl}/Referrals/Details/{referral.Id}";

    /// <summary>New referral → the service's referral contact (or the organisation's e-mail).</summary>
    public async Task NewReferralAsync(Referral referral) =>
        Stage(await PartnerAddressAsync(referral), referral,
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

    /// <summary>Not acknowledged after two business days → a reminder to the partner.</summary>
    public async Task AcknowledgementReminderAsync(Referral referral) =>
        Stage(await PartnerAddressAsync(referral), referral,
            "Rappel : orientation sans accusé de réception / Reminder: referral not acknowledged",
            "Une orientation attend votre accusé de réception depuis deux jours ouvrables.",
            "A referral has been waiting two business days for your acknowledgement.");

    /// <summary>Not acknowledged after five business days → an alert to the agent.</summary>
    public async Task AcknowledgementAlertAsync(Referral referral) =>
        Stage(await AgentAddressAsync(referral), referral,
            "Alerte : orientation sans réponse / Alert: referral without answer",
            "Le partenaire n'a pas accusé réception de votre orientation depuis cinq jours ouvrables. Pensez à réorienter la famille.",
            "The partner has not acknowledged your referral for five business days. Consider redirecting the family.");

    void Stage(string? to, Referral referral, string subject, string french, string english) =>
        outbox.Stage(to, subject, $"{french}\n{Link(referral)}\n\n{english}\n{Link(referral)}\n\n— PartnerNetwork", referral.Id);

    Task<string?> PartnerAddressAsync(Referral referral) =>
        db.Services.Where(s => s.Id == referral.ServiceId).Select(s => s.ReferralEmail ?? s.Organization!.Email).SingleOrDefaultAsync();

    Task<string?> AgentAddressAsync(Referral referral) =>
        db.Users.Where(u => u.Id == referral.ReferredById && u.IsActive).Select(u => u.Email).SingleOrDefaultAsync();
}
