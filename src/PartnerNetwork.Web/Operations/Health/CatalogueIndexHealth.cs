using Microsoft.Extensions.Diagnostics.HealthChecks;
using PartnerNetwork.Data.Catalogue;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Operations.Health;

/// <summary>Builds the search index as the instance starts, so the first search does not wait for it.</summary>
public sealed class CatalogueIndexWarmup(IServiceScopeFactory scopes, CatalogueIndexCache cache, ILogger<CatalogueIndexWarmup> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        // Retried while the database is unreachable: the instance stays not-ready meanwhile.
        while (!stopping.IsCancellationRequested && !cache.IsLoaded)
        {
            try
            {
                using var scope = scopes.CreateScope();
                await cache.CurrentAsync(scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>(), stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Catalogue index not built yet; retrying in 5 s.");
                await Task.Delay(TimeSpan.FromSeconds(5), stopping);
            }
        }
    }
}

/// <summary>Ready only once the search index is in memory.</summary>
public sealed class CatalogueIndexHealthCheck(CatalogueIndexCache cache) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancel = default) =>
        Task.FromResult(cache.IsLoaded ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The search index is still being built."));
}
