using System.ComponentModel.DataAnnotations;
using PartnerNetwork.Core.Catalogue;

namespace PartnerNetwork.Web.Pages.Shared;

/// <summary>A listing's name and description in one other language, as the organisation and service forms post them.</summary>
public class ListingTextInput
{
    public string Language { get; set; } = "";

    [StringLength(ListingText.NameMaxLength, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.TranslatedName")]
    public string? Name { get; set; }

    [StringLength(ListingText.DescriptionMaxLength, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.TranslatedDescription")]
    public string? Description { get; set; }

    /// <summary>One entry per listing language, in a fixed order, filled from what the record has.</summary>
    public static List<ListingTextInput> From(IEnumerable<ListingText> texts) => ListingText.Languages.Select(language =>
    {
        var text = texts.FirstOrDefault(t => t.Language == language);
        return new ListingTextInput { Language = language, Name = text?.Name, Description = text?.Description };
    }).ToList();

    /// <summary>Writes the posted texts; a language that is not a listing language is ignored.</summary>
    public static void ApplyTo<TText>(IMultilingualListing<TText> listing, IEnumerable<ListingTextInput> inputs) where TText : ListingText, new()
    {
        foreach (var input in inputs.Where(i => ListingText.Languages.Contains(i.Language)))
            listing.SetText(input.Language, input.Name, input.Description);
    }
}
