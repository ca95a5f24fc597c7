using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace PartnerNetwork.Web.Security;

/// <summary>Where a "return to" link may send someone: only inside this site, and always as a valid Location header.</summary>
public static class LocalUrl
{
    /// <summary>
    /// The return URL when it is local (never another site: open redirects), percent-encoded where a header cannot
    /// carry it ("/Catalogue?q=épicerie" stays the same page); otherwise <paramref name="fallback"/>.
    /// </summary>
    public static string Safe(IUrlHelper url, string? returnUrl, string fallback = "/") =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? Encode(returnUrl) : fallback;

    public static string Encode(string local)
    {
        var encoded = new StringBuilder(local.Length);
        foreach (var rune in local.EnumerateRunes())
        {
            if (rune.Value is > 0x20 and < 0x7F) encoded.Append((char)rune.Value);
            else foreach (var b in Encoding.UTF8.GetBytes(rune.ToString())) encoded.Append('%').Append(b.ToString("X2"));
        }
        return encoded.ToString();
    }
}
