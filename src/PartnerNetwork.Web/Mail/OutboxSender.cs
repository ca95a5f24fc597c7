using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Notifications;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Operations.Telemetry;

namespace PartnerNetwork.Web.Mail;

/// <summary>
/// Sends what the outbox holds. Each message is claimed with a conditional update (a short lease, renewed while the
/// SMTP conversation lasts), so with several web instances only one sends it, and a message whose sender died is
/// taken up by another within <see cref="Lease"/>. Completion is recorded (SentAt) in the same update that releases
/// the claim, before anything else happens. The guarantee is at-least-once: a sender killed after the SMTP server
/// accepted a message but before SentAt was written sends it again, with the same Message-Id (the outbox id), which
/// receiving systems use to drop the duplicate. A failure is recorded and retried with back-off; a burst is drained
/// in one run, batch after batch.
/// </summary>
public sealed class OutboxSender(PartnerNetworkDb db, IMailTransport transport, TimeProvider clock, ILogger<OutboxSender> log)
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    public const int BatchSize = 50;
    /// <summary>One run stops after this long, so a huge backlog does not hold the job; the next run continues.</summary>
    static readonly TimeSpan RunBudget = TimeSpan.FromMinutes(2);
    static readonly string Instance = Truncate($"{Guid.NewGuid():N}:{Environment.ProcessId}:{Environment.MachineName}", OutboxMessage.ClaimedByMaxLength);

    /// <summary>Sends every message due now; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancel = default)
    {
        var started = clock.GetUtcNow();
        var sent = 0;
        try
        {
            while (clock.GetUtcNow() - started < RunBudget)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var due = await db.Outbox.AsNoTracking()
                    .Where(m => m.SentAt == null && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
                    .OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(BatchSize).ToListAsync(cancel);
                if (due.Count == 0) break;
                var claimedAny = false;
                foreach (var id in due)
                {
                    var outcome = await SendOneAsync(id, cancel);
                    claimedAny |= outcome is not null;
                    if (outcome == true) sent++;
                }
                if (!claimedAny) break; // all taken by other instances meanwhile
            }
        }
        finally
        {
            await transport.EndRunAsync();
        }
        return sent;
    }

    /// <summary>Null when another sender holds the message; otherwise whether it was sent.</summary>
    async Task<bool?> SendOneAsync(Guid id, CancellationToken cancel)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.Outbox
            .Where(m => m.Id == id && m.SentAt == null && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, Instance).SetProperty(m => m.ClaimedUntil, now + Lease), cancel);
        if (claimed == 0) return null;
        var message = await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id, cancel);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var renewal = RenewLeaseAsync(id, sending.Token);
        try
        {
            await transport.SendAsync(message, cancel);
            await sending.CancelAsync();
            await renewal;
            // A sent referral link lives in the recipient's mailbox only: the kept copy loses its token.
            var body = LinkRedaction.Redact(message.Body);
            await db.Outbox.Where(m => m.Id == id).ExecuteUpdateAsync(s =>
            {
                s.SetProperty(m => m.SentAt, clock.GetUtcNow().UtcDateTime)
                    .SetProperty(m => m.Attempts, message.Attempts + 1)
                    .SetProperty(m => m.LastError, (string?)null)
                    .SetProperty(m => m.ClaimedUntil, (DateTime?)null);
                if (!ReferenceEquals(body, message.Body)) s.SetProperty(m => m.Body, body);
            }, CancellationToken.None);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            await sending.CancelAsync();
            await renewal;
            var attempts = message.Attempts + 1;
            var error = Truncate(e.Message, OutboxMessage.ErrorMaxLength);
            log.LogWarning("Outbox message {Id} failed (attempt {Attempts}): {Error}", id, attempts, error);
            await db.Outbox.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.NextAttemptAt, clock.GetUtcNow().UtcDateTime + OutboxMessage.Backoff(attempts))
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.ClaimedBy, (string?)null)
                .SetProperty(m => m.ClaimedUntil, (DateTime?)null), CancellationToken.None);
            return false;
        }
    }

    // A slow SMTP server keeps the claim; a dead sender stops renewing and the message is free again within a lease.
    async Task RenewLeaseAsync(Guid id, CancellationToken sending)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Lease / 3, clock, sending);
                var until = clock.GetUtcNow().UtcDateTime + Lease;
                await db.Outbox.Where(m => m.Id == id && m.ClaimedBy == Instance && m.SentAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntil, until), sending);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;
}
