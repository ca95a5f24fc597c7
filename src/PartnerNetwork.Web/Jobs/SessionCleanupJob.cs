using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Jobs;

/// <summary>Deletes sessions that expired without a sign-out (a closed browser), so the table holds only live ones.</summary>
public sealed class SessionCleanupJob(PartnerNetworkDb db, TimeProvider clock) : IScheduledJob
{
    public string Name => "session-cleanup";

    public TimeSpan Every => TimeSpan.FromHours(1);

    public async Task RunAsync(CancellationToken cancel)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Sessions.Where(s => s.ExpiresAt != null && s.ExpiresAt < now).ExecuteDeleteAsync(cancel);
    }
}
