using System.Globalization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Catalogue;

namespace PartnerNetwork.Web.Localization;

/// <summary>How a partner's own text is shown: tagged with its language, and marked when French stands in for the interface's.</summary>
public static class ListingHtml
{
    /// <summary>The interface language as a listing language code ("fr" or "en").</summary>
    public static string UiLanguage => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public static IHtmlContent Listed(this IHtmlHelper html, Localized text)
    {
        var content = new HtmlContentBuilder();
        content.AppendHtml($"<span lang=\"{text.Language}\" dir=\"auto\">").Append(text.Text).AppendHtml("</span>");
        if (text.IsFallback)
        {
            var L = html.ViewContext.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            content.AppendHtml(" <small class=\"text-body-secondary fallback\">").Append(L["Listing.InFrench"]).AppendHtml("</small>");
        }
        return content;
    }
}
