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

    public static IHtmlContent Listed(this IHtmlHelper html, Localized text) => new ListedText(text,
        text.IsFallback ? html.ViewContext.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>()["Listing.InFrench"].Value : null);

    // Written straight to the page: a search page shows forty of these.
    sealed class ListedText(Localized text, string? fallbackLabel) : IHtmlContent
    {
        public void WriteTo(TextWriter writer, System.Text.Encodings.Web.HtmlEncoder encoder)
        {
            writer.Write("<span lang=\"");
            encoder.Encode(writer, text.Language);
            writer.Write("\" dir=\"auto\">");
            encoder.Encode(writer, text.Text);
            writer.Write("</span>");
            if (fallbackLabel is null) return;
            writer.Write(" <small class=\"text-body-secondary fallback\">");
            encoder.Encode(writer, fallbackLabel);
            writer.Write("</small>");
        }
    }
}
