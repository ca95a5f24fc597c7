using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace PartnerNetwork.Web.Pages.Link;

/// <summary>
/// Tokens are 256 random bits, so guessing is hopeless; the limit keeps anyone from trying at volume and keeps a
/// scanner from loading the database: per client address, a fixed window of <c>Links:RequestsPerMinute</c> (60) over
/// every link request, answered 429 with Retry-After (a person acting on a referral makes a few requests a minute).
/// </summary>
public sealed class LinkRateLimit(IConfiguration configuration) : IRateLimiterPolicy<string>
{
    public const string Policy = "links";

    readonly int perMinute = Math.Max(1, configuration.GetValue("Links:RequestsPerMinute", 60));

    public static void AddTo(IServiceCollection services) => services.AddRateLimiter(o => o.AddPolicy<string, LinkRateLimit>(Policy));

    public RateLimitPartition<string> GetPartition(HttpContext http) =>
        RateLimitPartition.GetFixedWindowLimiter("link:" + http.Connection.RemoteIpAddress,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (context, cancel) =>
    {
        var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync("Trop de demandes : réessayez dans une minute.\nToo many requests: try again in a minute.\n", cancel);
    };
}
