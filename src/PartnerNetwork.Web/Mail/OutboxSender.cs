using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Notifications;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Mail;

/// <summary>
/// Sends what the outbox holds. Each message is claimed with a conditional update before sending, so with several
/// web instances only one sends it; a crashed sender's claim expires. A failure is recorded and retried with back-off.
/// </summary>
public sealed class OutboxSender(PartnerNetworkDb db, IMailTransport transport, TimeProvider clock, ILogger<OutboxSender> log)
{
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    static readonly string Instance = $"{Guid.NewGuid():N}:{Environment.ProcessId}:{Environment.MachineName}" is var name && name.Length > 100 ? name[..100] : name;

    /// <summary>Sends the messages due now; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancel = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Outbox.AsNoTracking()
            .Where(m => m.SentAt == null && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(50).ToListAsync(cancel);
        var sent = 0;
        foreach (var id in due)
        {
            var claimed = await db.Outbox
                .Where(m => m.Id == id && m.SentAt == null && (m.ClaimedUntil == null || m.ClaimedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, Instance).SetProperty(m => m.ClaimedUntil, now + Lease), cancel);
            if (claimed == 0) continue;
            var message = await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id, cancel);
            try
            {
                await transport.SendAsync(message, cancel);
                await db.Outbox.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.SentAt, clock.GetUtcNow().UtcDateTime)
                    .SetProperty(m => m.Attempts, message.Attempts + 1)
                    .SetProperty(m => m.ClaimedUntil, (DateTime?)null), CancellationToken.None);
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var attempts = message.Attempts + 1;
                var error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
                log.LogWarning("Outbox message {Id} to {To} failed (attempt {Attempts}): {Error}", id, message.To, attempts, error);
                await db.Outbox.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.NextAttemptAt, clock.GetUtcNow().UtcDateTime + OutboxMessage.Backoff(attempts))
                    .SetProperty(m => m.LastError, error)
                    .SetProperty(m => m.ClaimedBy, (string?)null)
                    .SetProperty(m => m.ClaimedUntil, (DateTime?)null), CancellationToken.None);
            }
        }
        return sent;
    }
}
