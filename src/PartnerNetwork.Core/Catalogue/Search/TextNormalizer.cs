using System.Globalization;
using System.Text;

namespace PartnerNetwork.Core.Catalogue.Search;

/// <summary>Accent- and case-insensitive tokens: "Épicerie" and "epicerie" are the same word.</summary>
public static class TextNormalizer
{
    // Words that carry no meaning in a search; "aide aux devoirs" must match on "aide" and "devoirs".
    static readonly HashSet<string> StopWords =
    [
        "a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "ou", "pour", "sur", "un", "une",
        "and", "for", "in", "of", "on", "or", "the", "to",
    ];

    static readonly HashSet<string> GenericWords = ["aide", "aides", "help", "service", "services", "soutien", "support", "programme", "program"];

    /// <summary>Words that say "help" without saying with what.</summary>
    public static bool IsGeneric(string token) => GenericWords.Contains(token);

    /// <summary>Lower case without accents, everything else kept: an ordinal comparison of folded names sorts them as a French reader expects.</summary>
    public static string Fold(string text)
    {
        // Decomposition splits "é" into "e" and a combining accent, which is dropped; plain ASCII needs none.
        var decomposed = System.Text.Ascii.IsValid(text) ? text : text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) folded.Append(char.ToLowerInvariant(c));
        }
        return folded.ToString();
    }

    static bool IsIdeograph(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF';

    public static List<string> Tokens(string? text)
    {
        var tokens = new List<string>();
        if (string.IsNullOrEmpty(text)) return tokens;
        var word = new StringBuilder();
        foreach (var c in Fold(text))
        {
            if (IsIdeograph(c))
            {
                // Chinese is written without spaces: each character is a word of its own, in the text as in the query.
                Flush();
                tokens.Add(c.ToString());
                continue;
            }
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
                continue;
            }
            Flush();
        }
        Flush();
        return tokens;

        void Flush()
        {
            if (word.Length == 0) return;
            var token = word.ToString();
            word.Clear();
            if (!StopWords.Contains(token)) tokens.Add(token);
        }
    }
}
