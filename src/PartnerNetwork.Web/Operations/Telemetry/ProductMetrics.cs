using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PartnerNetwork.Web.Operations.Telemetry;

/// <summary>
/// The product's own measurements, beside ASP.NET Core's request metrics (meter Microsoft.AspNetCore.Hosting):
/// read them with `dotnet-counters monitor -n PartnerNetwork.Web --counters PartnerNetwork,Microsoft.AspNetCore.Hosting`.
/// The meter comes from the host's meter factory, so each host has its own (tests tell their app's measurements apart).
/// </summary>
public sealed class ProductMetrics
{
    public const string MeterName = "PartnerNetwork";

    readonly Histogram<double> searchDuration;

    public ProductMetrics(IMeterFactory meters) =>
        searchDuration = meters.Create(MeterName).CreateHistogram<double>(
            "partnernetwork.search.duration", "ms", "Time to answer one directory search from the in-memory index.");

    /// <summary>Runs a search and records how long it took, tagged by where it came from (page or API).</summary>
    public T TimeSearch<T>(string source, Func<T> search)
    {
        var started = Stopwatch.GetTimestamp();
        var result = search();
        searchDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("source", source));
        return result;
    }
}
