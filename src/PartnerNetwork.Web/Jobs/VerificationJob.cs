using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Mail;

namespace PartnerNetwork.Web.Jobs;

/// <summary>
/// Listings that stay true: once a day, every organisation with services due for confirmation (or whose request waits
/// for its reminder) gets one e-mail listing them, with a link per service. Batched by organisation: one query reads a
/// batch's due services with their request state, one transaction writes its links, requests and e-mails.
/// </summary>
public sealed class VerificationJob(PartnerNetworkDb db, ListingMail mail, Freshness freshness, TimeProvider clock) : IScheduledJob
{
    /// <summary>Organisations per batch: a few thousand services, one query and one save each.</summary>
    public const int BatchSize = 500;

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
        var organizationIds = await db.Organizations.AsNoTracking()
            .Where(o => o.IsActive && o.Email != null && o.Email != "")
            .OrderBy(o => o.Id).Select(o => o.Id).ToListAsync(cancel);
        var (organizations, requests, reminders, batches) = (0, 0, 0, 0);
        foreach (var batch in organizationIds.Chunk(BatchSize))
        {
            var rows = await (
                    from s in db.Services.AsNoTracking()
                    // One JSON parameter for the batch's ids: as 500 parameters, building the command costs more than running it.
                    where EF.Parameter(batch).Contains(s.OrganizationId) && s.Status == ServiceStatus.Active && (s.AssuredDate == null || s.AssuredDate <= candidates)
                    join v in db.ListingVerifications.AsNoTracking() on s.Id equals v.ServiceId into vs
                    from v in vs.DefaultIfEmpty()
                    select new Row(s.OrganizationId, s.Organization!.Name, s.Organization.Email!, s.Organization.VerificationMonths,
                        s.Id, s.Name, s.AssuredDate, v))
                .ToListAsync(cancel);
            batches++;
            foreach (var organization in rows.GroupBy(r => r.OrganizationId))
            {
                var first = organization.First();
                var due = new List<ListingMail.Requested>();
                var verifications = new Dictionary<Guid, ListingVerification>();
                foreach (var row in organization)
                {
                    var v = row.Verification;
                    if (freshness.IsRequestDue(row.AssuredDate, row.Months, v?.RequestedAt, now))
                        due.Add(new(row.ServiceId, row.ServiceName, row.AssuredDate, Reminder: false, null));
                    else if (v is not null && freshness.IsDue(row.AssuredDate, row.Months, today)
                             && freshness.IsReminderDue(v.RequestedAt, v.RemindedAt, v.AnsweredAt, now))
                        due.Add(new(row.ServiceId, row.ServiceName, row.AssuredDate, Reminder: true, v.RequestedAt));
                    else continue;
                    // Read untracked with the batch; written back whole (no second read).
                    if (v is not null) verifications[row.ServiceId] = db.ListingVerifications.Update(v).Entity;
                }
                if (due.Count == 0) continue;
                mail.Request(organization.Key, first.OrganizationName, first.Email, due, verifications, now);
                organizations++;
                requests += due.Count(d => !d.Reminder);
                reminders += due.Count(d => d.Reminder);
            }
            await SaveBatchAsync(cancel);
            db.ChangeTracker.Clear();
        }
        return new Sent(organizations, requests, reminders, batches);
    }

    /// <summary>
    /// One transaction per batch: its new links, request records and e-mails go through the bulk writer (through the
    /// change tracker, thousands of inserts a batch took most of the run), the reminded requests through the save.
    /// A mail exists exactly when its links and records do.
    /// </summary>
    async Task SaveBatchAsync(CancellationToken cancel)
    {
        db.ChangeTracker.DetectChanges();
        var added = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added)
            .GroupBy(e => e.Metadata).Select(g => (Type: g.Key, Rows: g.Select(e => e.Entity).ToList())).ToList();
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList()) entry.State = EntityState.Detached;
        await db.InTransactionAsync(async () =>
        {
            foreach (var (type, rows) in added) await BulkInsert.InsertAsync(db, type, rows, cancel);
            return await db.SaveChangesAsync(cancel);
        }, beforeRetry: () => { }, cancel);
    }

    sealed record Row(Guid OrganizationId, string OrganizationName, string Email, int? Months, Guid ServiceId, string ServiceName,
        DateOnly? AssuredDate, ListingVerification? Verification);
}
