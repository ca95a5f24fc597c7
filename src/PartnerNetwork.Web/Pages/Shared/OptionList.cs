using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace PartnerNetwork.Web.Pages.Shared;

/// <summary>
/// A long list of &lt;option&gt; elements encoded once and then written straight into pages. Through the option tag
/// helper, the search form's few hundred schools and places cost more than the rest of the page. The output is what
/// the tag helper wrote: <c>&lt;option value="…" selected="selected"&gt;…&lt;/option&gt;</c>.
/// </summary>
public sealed class OptionList
{
    readonly string[] values;
    readonly string[] openings;
    readonly string[] texts;

    public OptionList(IEnumerable<(string Value, string Text)> options, HtmlEncoder encoder)
    {
        var list = options.ToList();
        values = list.Select(o => o.Value).ToArray();
        openings = list.Select(o => "<option value=\"" + encoder.Encode(o.Value) + "\"").ToArray();
        texts = list.Select(o => ">" + encoder.Encode(o.Text) + "</option>").ToArray();
    }

    /// <summary>The options, with <paramref name="selected"/> marked and the values in <paramref name="except"/> left out.</summary>
    public IHtmlContent Render(string? selected, IReadOnlySet<string>? except = null) => new Html(this, selected, except);

    sealed class Html(OptionList list, string? selected, IReadOnlySet<string>? except) : IHtmlContent
    {
        public void WriteTo(TextWriter writer, HtmlEncoder encoder)
        {
            for (var i = 0; i < list.values.Length; i++)
            {
                if (except is not null && except.Contains(list.values[i])) continue;
                writer.Write(list.openings[i]);
                if (list.values[i] == selected) writer.Write(" selected=\"selected\"");
                writer.Write(list.texts[i]);
            }
        }
    }
}
