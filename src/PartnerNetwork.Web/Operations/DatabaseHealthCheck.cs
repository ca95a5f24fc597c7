using Microsoft.Extensions.Diagnostics.HealthChecks;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Operations;

public sealed class DatabaseHealthCheck(PartnerNetworkDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancel = default) =>
        await db.Database.CanConnectAsync(cancel)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database does not answer.");
}
