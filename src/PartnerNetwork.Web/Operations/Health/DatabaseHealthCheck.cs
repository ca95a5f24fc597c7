using Microsoft.Extensions.Diagnostics.HealthChecks;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Operations.Health;

/// <summary>Ready only when the database answers; any failure on the way there (even opening the context) counts as down.</summary>
public sealed class DatabaseHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancel = default)
    {
        try
        {
            return await services.GetRequiredService<PartnerNetworkDb>().Database.CanConnectAsync(cancel)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database does not answer.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.", e);
        }
    }
}
