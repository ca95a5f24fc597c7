using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Api;

/// <summary>Read keys for the HSDS API: only a SHA-256 hash is stored, the key itself is shown once to the admin who issues it.</summary>
public static class ApiKeys
{
    public const string Header = "X-Api-Key";
    public const int KeyBytes = 32;

    public static string NewKey() => "pn_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(KeyBytes)).ToLowerInvariant();

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Who is calling, for the rate limiter: the key's hash, or the address when the API is public and no key is given.</summary>
    public static string PartitionOf(HttpContext http) =>
        http.Request.Headers.TryGetValue(Header, out var key) && !string.IsNullOrEmpty(key)
            ? "key:" + Convert.ToHexString(Hash(key!))[..16]
            : "ip:" + http.Connection.RemoteIpAddress;

    /// <summary>The unpaginated export form of a list (see <see cref="HsdsApi"/>); counted apart, with a lower allowance.</summary>
    static bool IsNdjson(HttpContext http) => http.Request.Query["format"] == "ndjson";

    /// <summary>
    /// Per key (or address) a fixed window of <c>Api:RequestsPerMinute</c>, and apart from it a lower one of
    /// <c>Api:NdjsonRequestsPerMinute</c> for <c>format=ndjson</c>, which answers a whole list unpaginated (a much heavier
    /// request). Refusals are 429 with Retry-After and a JSON problem.
    /// </summary>
    public static void AddHsdsRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = Math.Max(1, configuration.GetValue("Api:RequestsPerMinute", 120));
        var ndjsonPerMinute = Math.Clamp(configuration.GetValue("Api:NdjsonRequestsPerMinute", 6), 1, perMinute);
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(HsdsApi.RateLimitPolicy, http => IsNdjson(http)
                ? RateLimitPartition.GetFixedWindowLimiter("ndjson|" + PartitionOf(http),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = ndjsonPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetFixedWindowLimiter(PartitionOf(http),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (context, cancel) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: IsNdjson(context.HttpContext)
                        ? $"At most {ndjsonPerMinute} format=ndjson requests a minute per key."
                        : $"At most {perMinute} requests a minute per key.").ExecuteAsync(context.HttpContext);
            };
        });
    }
}

/// <summary>Only callers with a valid, unrevoked key reach the read API — or anyone when <c>Api:Public</c> is true. Errors are JSON.</summary>
public sealed class ApiKeyFilter(PartnerNetworkDb db, IConfiguration configuration, TimeProvider clock, ILogger<ApiKeyFilter> log) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[ApiKeys.Header].ToString();
        if (key.Length > 0)
        {
            var hash = ApiKeys.Hash(key);
            var found = await db.ApiKeys.Where(k => k.Hash == hash && k.RevokedAt == null).Select(k => (Guid?)k.Id).SingleOrDefaultAsync();
            if (found is null) return HsdsApi.Problem(StatusCodes.Status401Unauthorized, "Invalid key", "This API key is unknown or revoked.");
            var now = clock.GetUtcNow().UtcDateTime;
            await db.ApiKeys.Where(k => k.Id == found && (k.LastUsedAt == null || k.LastUsedAt < now.AddMinutes(-1)))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now));
        }
        else if (!configuration.GetValue("Api:Public", false))
        {
            return HsdsApi.Problem(StatusCodes.Status401Unauthorized, "Key required", $"Send a read key in the {ApiKeys.Header} header.");
        }
        try
        {
            return await next(context);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The API answers in JSON even when it fails; the page's friendly HTML error is for people.
            log.LogError(e, "HSDS API request failed");
            return HsdsApi.Problem(StatusCodes.Status500InternalServerError, "Server error", "The request could not be answered.");
        }
    }
}
