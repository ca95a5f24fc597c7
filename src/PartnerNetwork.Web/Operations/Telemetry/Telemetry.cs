using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PartnerNetwork.Web.Operations.Telemetry;

/// <summary>
/// OpenTelemetry export (OTLP), switched on by configuration only: <c>OpenTelemetry:OtlpEndpoint</c> (or the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>). Exports the product's meter, ASP.NET Core's and Kestrel's request metrics, the
/// runtime's (GC, allocation, thread pool) and a trace per request. Without an endpoint nothing is collected.
/// </summary>
public static class Telemetry
{
    public static void AddTo(IServiceCollection services, IConfiguration configuration)
    {
        var endpoint = configuration["OpenTelemetry:OtlpEndpoint"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint)) return;
        var http = !string.Equals(configuration["OpenTelemetry:Protocol"] ?? configuration["OTEL_EXPORTER_OTLP_PROTOCOL"], "grpc", StringComparison.OrdinalIgnoreCase);
        var intervalMs = configuration.GetValue("OpenTelemetry:ExportIntervalMilliseconds", 60_000);
        void Exporter(OtlpExporterOptions o, string signal)
        {
            o.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            // Over HTTP each signal has its own path under the endpoint, as the OTLP specification names them.
            o.Endpoint = http ? new Uri(endpoint.TrimEnd('/') + "/v1/" + signal) : new Uri(endpoint);
        }
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OpenTelemetry:ServiceName"] ?? "PartnerNetwork.Web"))
            .WithMetrics(metrics => metrics
                .AddMeter(ProductMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
                .AddOtlpExporter((o, reader) =>
                {
                    Exporter(o, "metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = intervalMs;
                }))
            .WithTracing(tracing => tracing
                // A link's token is in its path: the span keeps the redacted path (the route template names the page).
                .AddAspNetCoreInstrumentation(o => o.EnrichWithHttpRequest = (activity, request) =>
                {
                    if (LinkRedaction.Carries(request.Path.Value)) activity.SetTag("url.path", LinkRedaction.Redact(request.Path.Value!));
                })
                .AddOtlpExporter(o => Exporter(o, "traces")));
    }
}
