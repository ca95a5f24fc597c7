using System.Globalization;

namespace PartnerNetwork.Core.Catalogue;

/// <summary>
/// The languages a service or listing can be in: ISO 639-1 codes, as many as .NET's cultures (ICU) know, named by them
/// in the reader's language. What a picker offers is the directory's own languages, not this whole list.
/// </summary>
public static class Languages
{
    /// <summary>Room for a code with a region ("pt-BR").</summary>
    public const int CodeMaxLength = 8;

    /// <summary>Quebec's official and most spoken home languages, first in forms where every language is offered.</summary>
    public static readonly IReadOnlyList<string> Common =
        ["fr", "en", "es", "ar", "zh", "vi", "ht", "fa", "ta", "pt", "ru", "uk", "tl", "bn", "pa"];

    // ICU lists a neutral culture for most two-letter codes; a few it knows only by name (ht, tl) come from the list above.
    static readonly HashSet<string> Known = [.. Common, .. CultureInfo.GetCultures(CultureTypes.NeutralCultures)
        .Select(c => c.Name).Where(n => n.Length == 2 && n.All(char.IsAsciiLetterLower))];

    /// <summary>Every code accepted: the common ones first, then the others in code order.</summary>
    public static readonly IReadOnlyList<string> Codes = [.. Common, .. Known.Except(Common).Order(StringComparer.Ordinal)];

    public static bool IsKnown(string code) => Known.Contains(code);

    /// <summary>The language's name in the current UI culture (French or English), as the culture writes it (French in lower case).</summary>
    public static string Name(string code) => Name(code, CultureInfo.CurrentUICulture);

    public static string Name(string code, CultureInfo culture)
    {
        if (!IsKnown(code)) return code;
        // DisplayName is in the current UI culture: switched for the call so any caller's culture is honoured.
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = culture;
            var name = CultureInfo.GetCultureInfo(code).DisplayName;
            return name.Length == 0 ? code : name;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
