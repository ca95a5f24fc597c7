namespace PartnerNetwork.Web.Hosting;

/// <summary>Headers that keep the browser from running injected script, framing us, or leaking family-related URLs.</summary>
public sealed class SecurityHeaders(RequestDelegate next, IConfiguration configuration)
{
    readonly string contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; " +
        $"img-src 'self' data: {TileOrigin(configuration["Map:TileUrl"])}; " +
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        // A link page's address is a bearer secret: not even our own stylesheet requests carry it.
        headers["Referrer-Policy"] = context.Request.Path.StartsWithSegments("/l") ? "no-referrer" : "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(self)";
        return next(context);
    }

    // "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png" -> "https://*.tile.openstreetmap.org"
    static string TileOrigin(string? tileUrl)
    {
        var schemeEnd = tileUrl?.IndexOf("://", StringComparison.Ordinal) ?? -1;
        if (schemeEnd < 0) return "";
        var pathStart = tileUrl!.IndexOf('/', schemeEnd + 3);
        return (pathStart < 0 ? tileUrl : tileUrl[..pathStart]).Replace("{s}", "*");
    }
}
