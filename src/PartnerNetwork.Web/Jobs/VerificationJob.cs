using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Notifications;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Mail;

namespace PartnerNetwork.Web.Jobs;

/// <summary>
/// Listings that stay true: once a day, every organisation with services due for confirmation (or whose request waits
/// for its reminder) gets one e-mail listing them, with a link per service. Batched by organisation: one query reads a
/// batch's due services with their request state, one transaction writes its links, requests and e-mails, untracked.
/// </summary>
public sealed class VerificationJob(PartnerNetworkDb db, ListingMail mail, Freshness freshness, TimeProvider clock) : IScheduledJob
{
    /// <summary>Organisations per batch: some thousands of services, one query and one transaction each (fewer commits, same small memory).</summary>
    public const int BatchSize = 2000;

    public string Name => "listing-verification";

    public TimeSpan Every => TimeSpan.FromDays(1);

    public async Task RunAsync(CancellationToken cancel) => await SendDueAsync(cancel);

    public sealed record Sent(int Organizations, int Requests, int Reminders, int Batches);

    public async Task<Sent> SendDueAsync(CancellationToken cancel = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = QuebecTime.DateOf(now);
        // No period is shorter than the shortest an admin may set: older confirmations are the only candidates.
        var candidates = today.AddMonths(-Math.Min(freshness.DueMonths, Freshness.MinDueMonths));
        await using var cache = await SqlitePageCache.WidenAsync(db, cancel);
        var organizationIds = await db.Organizations.AsNoTracking()
            .Where(o => o.IsActive && o.Email != null && o.Email != "")
            .OrderBy(o => o.Id).Select(o => o.Id).ToListAsync(cancel);
        var (organizations, requests, reminders, batches) = (0, 0, 0, 0);
        // Composing (tokens, hashes, e-mail text) is pure CPU: a batch is composed on another core while the connection
        // reads the next batch and writes the previous one.
        Task<BatchWrite>? composing = null;
        foreach (var batch in organizationIds.Chunk(BatchSize))
        {
            var rows = await (
                    from s in db.Services.AsNoTracking()
                    // One JSON parameter for the batch's ids: as 500 parameters, building the command costs more than running it.
                    where EF.Parameter(batch).Contains(s.OrganizationId) && s.Status == ServiceStatus.Active && (s.AssuredDate == null || s.AssuredDate <= candidates)
                    join v in db.ListingVerifications.AsNoTracking() on s.Id equals v.ServiceId into vs
                    from v in vs.DefaultIfEmpty()
                    select new Row(s.OrganizationId, s.Organization!.Name, s.Organization.Email!, s.Organization.VerificationMonths,
                        s.Id, s.Name, s.AssuredDate, v != null, v.RequestedAt, v.RemindedAt, v.AnsweredAt))
                .ToListAsync(cancel);
            batches++;
            var next = Task.Run(() => Compose(rows, now, today), cancel);
            if (composing is not null) await WriteComposedAsync();
            composing = next;
        }
        if (composing is not null) await WriteComposedAsync();
        return new Sent(organizations, requests, reminders, batches);

        async Task WriteComposedAsync()
        {
            var write = await composing;
            await WriteAsync(write, now, cancel);
            organizations += write.Organizations;
            requests += write.Requests;
            reminders += write.Reminders;
        }
    }

    /// <summary>One batch's links, request records and e-mails, one e-mail per organisation with something due.</summary>
    BatchWrite Compose(List<Row> rows, DateTime now, DateOnly today)
    {
        var write = new BatchWrite();
        foreach (var organization in rows.GroupBy(r => r.OrganizationId))
        {
            var first = organization.First();
            var due = new List<ListingMail.Requested>();
            foreach (var row in organization)
            {
                if (freshness.IsRequestDue(row.AssuredDate, row.Months, row.RequestedAt, now))
                {
                    due.Add(new(row.ServiceId, row.ServiceName, row.AssuredDate, Reminder: false, null));
                    if (row.HasRecord) write.Requested.Add(row.ServiceId);
                    else
                    {
                        var created = new ListingVerification { ServiceId = row.ServiceId, OrganizationId = organization.Key };
                        created.Requested(now);
                        write.Created.Add(created);
                    }
                }
                else if (row.HasRecord && freshness.IsDue(row.AssuredDate, row.Months, today)
                         && freshness.IsReminderDue(row.RequestedAt, row.RemindedAt, row.AnsweredAt, now))
                {
                    due.Add(new(row.ServiceId, row.ServiceName, row.AssuredDate, Reminder: true, row.RequestedAt));
                    write.Reminded.Add(row.ServiceId);
                }
            }
            if (due.Count == 0) continue;
            var request = mail.Compose(organization.Key, first.OrganizationName, first.Email, due, now);
            write.Links.AddRange(request.Links);
            if (request.Message is { } message) write.Messages.Add(message);
            write.Organizations++;
            write.Requests += due.Count(d => !d.Reminder);
            write.Reminders += due.Count(d => d.Reminder);
        }
        return write;
    }

    /// <summary>A batch's writes, gathered untracked: through the change tracker, tracking 100,000 rows cost most of the run.</summary>
    sealed class BatchWrite
    {
        public readonly List<EmailLink> Links = [];
        public readonly List<OutboxMessage> Messages = [];
        public readonly List<ListingVerification> Created = [];
        public readonly List<Guid> Requested = [];
        public readonly List<Guid> Reminded = [];
        public int Organizations, Requests, Reminders;
    }

    /// <summary>
    /// One transaction per batch, so a mail exists exactly when its links and request records do: new rows through the
    /// bulk writer, existing request records by two set-based updates that touch only the request columns (an answer
    /// given meanwhile through a link is kept).
    /// </summary>
    async Task WriteAsync(BatchWrite write, DateTime now, CancellationToken cancel)
    {
        if (write.Messages.Count == 0 && write.Requested.Count == 0 && write.Reminded.Count == 0) return;
        await db.InTransactionAsync(async () =>
        {
            await BulkInsert.InsertAsync(db, write.Links, cancel);
            await BulkInsert.InsertAsync(db, write.Created, cancel);
            await BulkInsert.InsertAsync(db, write.Messages, cancel);
            var requested = write.Requested;
            var reminded = write.Reminded;
            // The set-based form of ListingVerification.Requested and .Reminded (a new request clears the reminder).
            if (requested.Count > 0)
                await db.ListingVerifications.Where(v => EF.Parameter(requested).Contains(v.ServiceId))
                    .ExecuteUpdateAsync(u => u.SetProperty(v => v.RequestedAt, now).SetProperty(v => v.RemindedAt, (DateTime?)null), cancel);
            if (reminded.Count > 0)
                await db.ListingVerifications.Where(v => EF.Parameter(reminded).Contains(v.ServiceId))
                    .ExecuteUpdateAsync(u => u.SetProperty(v => v.RemindedAt, now), cancel);
            return write.Links.Count;
        }, beforeRetry: () => { }, cancel);
    }

    /// <summary>A due candidate with its request record's dates (<see cref="HasRecord"/> false when none exists yet).</summary>
    sealed record Row(Guid OrganizationId, string OrganizationName, string Email, int? Months, Guid ServiceId, string ServiceName,
        DateOnly? AssuredDate, bool HasRecord, DateTime? RequestedAt, DateTime? RemindedAt, DateTime? AnsweredAt);
}
