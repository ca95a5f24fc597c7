using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace PartnerNetwork.Web.Tests;

/// <summary>The OpenTelemetry exporter, pointed at a stand-in OTLP/HTTP collector on loopback.</summary>
public class TelemetryTests
{
    sealed class Collector : IDisposable
    {
        readonly HttpListener listener = new();
        public ConcurrentQueue<(string Path, string ContentType, int Length)> Received { get; } = new();
        public int Port { get; } = PostgresServer.FreeLoopbackPort();

        public Collector()
        {
            listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            listener.Start();
            _ = Task.Run(async () =>
            {
                while (listener.IsListening)
                {
                    HttpListenerContext context;
                    try { context = await listener.GetContextAsync(); }
                    catch (Exception) { return; }
                    using var body = new MemoryStream();
                    await context.Request.InputStream.CopyToAsync(body);
                    Received.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType ?? "", (int)body.Length));
                    context.Response.StatusCode = 200;
                    context.Response.Close();
                }
            });
        }

        public void Dispose() => listener.Close();
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_the_request_metrics_and_traces_reach_the_collector()
    {
        using var collector = new Collector();
        await using var app = new AppFactory();
        await using var exporting = app.WithWebHostBuilder(b => b
            .UseSetting("OpenTelemetry:OtlpEndpoint", $"http://127.0.0.1:{collector.Port}")
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
