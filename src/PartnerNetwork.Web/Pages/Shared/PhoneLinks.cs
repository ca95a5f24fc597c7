using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace PartnerNetwork.Web.Pages.Shared;

/// <summary>Phone numbers as tap-to-call links.</summary>
public static partial class PhoneLinks
{
    /// <summary>
    /// The tel: address of a North American number as people type it ("514 555-0123 poste 12"): RFC 3966's global form,
    /// digits only after "+1", which dials from anywhere, with the extension as ";ext=". Null when it is not such a
    /// number; the page then shows the text alone.
    /// </summary>
    public static string? Tel(string? phone)
    {
        if (phone is null || Shape().Match(phone.Trim()) is not { Success: true } match) return null;
        var digits = string.Concat(match.Groups["number"].Value.Where(char.IsAsciiDigit));
        if (digits.Length == 11 && digits[0] == '1') digits = digits[1..];
        if (digits.Length != 10) return null;
        var extension = match.Groups["ext"].Value;
        return $"tel:+1{digits}{(extension.Length > 0 ? $";ext={extension}" : "")}";
    }

    /// <summary>The number as a link that dials when it is a North American number, its text otherwise, a dash when there is none.</summary>
    public static IHtmlContent Link(string? phone)
    {
        if (phone is null) return new HtmlString("—");
        if (Tel(phone) is not { } tel) return new HtmlContentBuilder().Append(phone);
        var link = new TagBuilder("a");
        link.Attributes["href"] = tel;
        link.InnerHtml.Append(phone);
        return link;
    }

    [GeneratedRegex(@"^(?<number>[+(\d][\d .()-]*\d)(\s*(poste|ext\.?|x)\s*(?<ext>\d{1,6}))?$", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex Shape();
}
