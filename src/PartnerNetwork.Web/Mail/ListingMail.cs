using System.Globalization;
using System.Text;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Notifications;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Mail;

/// <summary>
/// Confirmation requests to an organisation's contact: one e-mail per organisation, one link per service (each opens
/// a page with the one button it needs: still accurate, capacity, or the edit form). Bilingual, like every mail here.
/// </summary>
public sealed class ListingMail(PartnerNetworkDb db, Outbox outbox, Freshness freshness)
{
    public sealed record Requested(Guid ServiceId, string Name, DateOnly? AssuredDate, bool Reminder, DateTime? FirstRequestedAt);

    /// <summary>One organisation's request: its links (only their hashes are kept) and its e-mail, not yet written.</summary>
    public sealed record Composed(IReadOnlyList<Requested> Services, IReadOnlyList<EmailLink> Links, OutboxMessage? Message);

    /// <summary>
    /// Issues one link per service and writes the e-mail listing them, without touching the database: the daily job
    /// writes thousands in bulk, a page stages one with <see cref="Stage"/>. A reminder's links expire with the first
    /// request's, so a request lasts its 30 days.
    /// </summary>
    public Composed Compose(Guid organizationId, string organizationName, string email, IReadOnlyList<Requested> services, DateTime now)
    {
        if (services.Count == 0) return new Composed(services, [], null);
        var links = new List<EmailLink>(services.Count);
        var lines = new List<(Requested Service, string Token, DateTime Expires)>(services.Count);
        foreach (var service in services)
        {
            var expires = freshness.LinkExpiry(service.Reminder && service.FirstRequestedAt is { } first ? first : now);
            var (link, token) = EmailLink.Issue(EmailLinkPurpose.ListingVerification, organizationId, email, now, expires, serviceId: service.ServiceId);
            links.Add(link);
            lines.Add((service, token, expires));
        }
        var subject = services.All(s => s.Reminder)
            ? "Rappel : vos services sont-ils à jour? / Reminder: is your listing up to date?"
            : "Vos services sont-ils à jour? / Is your listing up to date?";
        return new Composed(services, links, outbox.Compose(email, subject, Body(organizationName, lines)));
    }

    /// <summary>
    /// Stages a composed request in the caller's save: its links, its e-mail, and the request (or reminder) recorded
    /// on each service's verification record, created when the service has none.
    /// </summary>
    public void Stage(Guid organizationId, Composed request, IReadOnlyDictionary<Guid, ListingVerification> verifications, DateTime now)
    {
        db.EmailLinks.AddRange(request.Links);
        if (request.Message is { } message) db.Outbox.Add(message);
        foreach (var service in request.Services)
        {
            if (verifications.TryGetValue(service.ServiceId, out var verification))
            {
                if (service.Reminder) verification.Reminded(now);
                else verification.Requested(now);
            }
            else
            {
                verification = new ListingVerification { ServiceId = service.ServiceId, OrganizationId = organizationId };
                verification.Requested(now);
                db.ListingVerifications.Add(verification);
            }
        }
    }

    string Body(string organizationName, List<(Requested Service, string Token, DateTime Expires)> lines)
    {
        var fr = CultureInfo.GetCultureInfo("fr-CA");
        var en = CultureInfo.GetCultureInfo("en-CA");
        var text = new StringBuilder();
        text.AppendLine($"{organizationName}")
            .AppendLine("Les familles et les écoles comptent sur votre fiche. Un clic par service suffit pour la confirmer ou la corriger; aucun compte n'est nécessaire.")
            .AppendLine("Families and schools rely on your listing. One click per service confirms or corrects it; no account needed.")
            .AppendLine();
        foreach (var (service, token, expires) in lines)
        {
            var url = $"{outbox.BaseUrl}/Listing/Verify/{token}";
            var verified = service.AssuredDate is { } day
                ? $"vérifié le {day.ToString("d MMMM yyyy", fr)} / verified on {day.ToString("MMMM d, yyyy", en)}"
                : "jamais vérifié / never verified";
            text.AppendLine($"■ {service.Name} ({verified})")
                .AppendLine($"  Toujours exact / Still accurate : {url}")
                .AppendLine($"  Capacité (places, liste d'attente, complet) / Capacity (taking referrals, waitlist, full) : {url}?answer=capacity")
                .AppendLine($"  Modifications requises / Needs changes : {outbox.BaseUrl}/Listing/Edit/{token}")
                .AppendLine();
        }
        var expiry = QuebecTime.DateOf(lines.Min(l => l.Expires));
        text.AppendLine($"Ces liens expirent le {expiry.ToString("d MMMM yyyy", fr)}. / These links expire on {expiry.ToString("MMMM d, yyyy", en)}.")
            .AppendLine()
            .Append("— PartnerNetwork");
        return text.ToString();
    }
}
