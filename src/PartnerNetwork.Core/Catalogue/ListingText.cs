namespace PartnerNetwork.Core.Catalogue;

/// <summary>
/// A listing's name and description in a language other than French, written by the partner (there is no machine
/// translation). French is the listing itself and is always there; either part here may be empty, and then French
/// stands in for it.
/// </summary>
public abstract class ListingText
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 4000;

    /// <summary>The languages a partner may write its listing in besides French: English, and the languages the
    /// take-home sheet speaks (most spoken by Montréal's newcomer families).</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "es", "ar", "ht", "zh"];

    public string Language { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
}

public class ServiceText : ListingText
{
    public Guid ServiceId { get; set; }
}

public class OrganizationText : ListingText
{
    public Guid OrganizationId { get; set; }
}

/// <summary>A text as shown: in the language asked for, or in French when the partner did not write it in that language.</summary>
public readonly record struct Localized(string Text, string Language, bool IsFallback);

/// <summary>A directory record written in French with optional texts in other languages.</summary>
public interface IMultilingualListing<TText> where TText : ListingText, new()
{
    string Name { get; }
    string Description { get; }
    List<TText> Texts { get; }
}

public static class MultilingualListing
{
    /// <summary>The name in a language, else in French (marked as a fallback unless French was asked for).</summary>
    public static Localized NameIn<TText>(this IMultilingualListing<TText> listing, string language) where TText : ListingText, new() =>
        In(listing.Texts, language, listing.Name, t => t.Name);

    public static Localized DescriptionIn<TText>(this IMultilingualListing<TText> listing, string language) where TText : ListingText, new() =>
        In(listing.Texts, language, listing.Description, t => t.Description);

    public static Localized In<TText>(IEnumerable<TText> texts, string language, string french, Func<TText, string> part) where TText : ListingText
    {
        if (language == "fr" || string.IsNullOrEmpty(french)) return new(french, "fr", false);
        var text = texts.FirstOrDefault(t => t.Language == language);
        return text is not null && part(text) is { Length: > 0 } written ? new(written, language, false) : new(french, "fr", true);
    }

    /// <summary>Whether the partner wrote a description in that language (French always).</summary>
    public static bool IsWrittenIn<TText>(this IMultilingualListing<TText> listing, string language) where TText : ListingText, new() =>
        language == "fr" || listing.Texts.Any(t => t.Language == language && t.Description.Length > 0);

    /// <summary>
    /// Sets, replaces or (when both parts are blank) removes the text in one language, in place so the record keeps
    /// one text per language. French and unknown languages are refused: French is the listing itself.
    /// </summary>
    public static void SetText<TText>(this IMultilingualListing<TText> listing, string language, string? name, string? description)
        where TText : ListingText, new()
    {
        if (!ListingText.Languages.Contains(language)) throw new ArgumentOutOfRangeException(nameof(language), language, "Not a listing language.");
        name = name?.Trim() ?? "";
        description = description?.Trim() ?? "";
        var existing = listing.Texts.FirstOrDefault(t => t.Language == language);
        if (name.Length == 0 && description.Length == 0)
        {
            if (existing is not null) listing.Texts.Remove(existing);
            return;
        }
        if (existing is null) listing.Texts.Add(existing = new TText { Language = language });
        existing.Name = name;
        existing.Description = description;
    }
}
