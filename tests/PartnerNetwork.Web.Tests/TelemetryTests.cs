using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PartnerNetwork.Web.Tests;

/// <summary>The OpenTelemetry exporter, pointed at a stand-in OTLP/HTTP collector on loopback.</summary>
public class TelemetryTests
{
    /// <summary>A stand-in collector on a port the system gives it: it records each POST's path, type and size.</summary>
    sealed class Collector : IAsyncDisposable
    {
        readonly WebApplication server;
        public ConcurrentQueue<(string Path, string ContentType, int Length)> Received { get; } = new();
        public string Address { get; }

        public Collector()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            server = builder.Build();
            server.MapPost("/{**path}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                Received.Enqueue((context.Request.Path.Value ?? "", context.Request.ContentType ?? "", (int)body.Length));
                return Results.Ok();
            });
            server.StartAsync().GetAwaiter().GetResult();
            Address = server.Urls.First();
        }

        public ValueTask DisposeAsync() => server.DisposeAsync();
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_the_request_metrics_and_traces_reach_the_collector()
    {
        await using var collector = new Collector();
        await using var app = new AppFactory();
        await using var exporting = app.WithWebHostBuilder(b => b
            .UseSetting("OpenTelemetry:OtlpEndpoint", collector.Address)
            .UseSetting("OpenTelemetry:ExportIntervalMilliseconds", "500"));
        var client = exporting.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/SignIn")).StatusCode);

        var waiting = System.Diagnostics.Stopwatch.StartNew();
        while (waiting.Elapsed < TimeSpan.FromSeconds(30)
               && !(collector.Received.Any(r => r.Path == "/v1/metrics") && collector.Received.Any(r => r.Path == "/v1/traces")))
            await Task.Delay(200);
        Assert.Contains(collector.Received, r => r.Path == "/v1/metrics" && r.ContentType == "application/x-protobuf" && r.Length > 0);
        Assert.Contains(collector.Received, r => r.Path == "/v1/traces" && r.Length > 0);
    }

    [Fact]
    public async Task Without_an_endpoint_nothing_is_exported_or_collected()
    {
        await using var app = new AppFactory();
        Assert.Null(app.Services.GetService(typeof(OpenTelemetry.Metrics.MeterProvider)));
    }
}
