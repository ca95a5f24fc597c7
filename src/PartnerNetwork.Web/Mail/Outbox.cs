using PartnerNetwork.Core.Notifications;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Mail;

/// <summary>
/// Stages an e-mail in the outbox table; it is saved with the caller's change (one SaveChanges), so a message exists
/// exactly when the change it announces does. The outbox job sends it.
/// </summary>
public sealed class Outbox(PartnerNetworkDb db, TimeProvider clock, IConfiguration configuration)
{
    /// <summary>The address people open links at (<c>App:BaseUrl</c>), without a trailing slash.</summary>
    public string BaseUrl => configuration["App:BaseUrl"]?.TrimEnd('/') ?? "http://localhost:5080";

    public void Stage(string? to, string subject, string body, Guid? referralId = null)
    {
        if (Compose(to, subject, body, referralId) is { } message) db.Outbox.Add(message);
    }

    /// <summary>The message <see cref="Stage"/> would add, for a caller that writes many in bulk; null without an address.</summary>
    public OutboxMessage? Compose(string? to, string subject, string body, Guid? referralId = null)
    {
        if (string.IsNullOrWhiteSpace(to)) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        return new OutboxMessage
        {
            // Time-ordered ids, as for e-mail links: bulk writes append to the key's index.
            Id = Guid.CreateVersion7(), CreatedAt = now, NextAttemptAt = now, To = to, Subject = subject, Body = body, ReferralId = referralId,
        };
    }
}
