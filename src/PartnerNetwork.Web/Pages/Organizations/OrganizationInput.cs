using System.ComponentModel.DataAnnotations;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Web.Pages.Shared;

namespace PartnerNetwork.Web.Pages.Organizations;

/// <summary>An organisation's own details as a form posts them: admins' create form and partners' edit form.</summary>
public class OrganizationInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(Organization.NameMaxLength, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.Name")]
    public string Name { get; set; } = "";

    [StringLength(Organization.DescriptionMaxLength, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.Description")]
    public string? Description { get; set; }

    [EmailAddress(ErrorMessage = "Validation.Email")]
    [StringLength(Organization.EmailMaxLength, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.Email")]
    public string? Email { get; set; }

    [RegularExpression(Organization.PhonePattern, ErrorMessage = "Validation.Phone")]
    [StringLength(Organization.PhoneMaxLength, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.Phone")]
    public string? Phone { get; set; }

    [Url(ErrorMessage = "Validation.Url")]
    [StringLength(Organization.WebsiteMaxLength, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.Website")]
    public string? Website { get; set; }

    /// <summary>Name and description in the other listing languages.</summary>
    public List<ListingTextInput> Texts { get; set; } = ListingTextInput.From([]);

    /// <summary>The version the form showed; a save is refused if the organisation changed since.</summary>
    public Guid Version { get; set; }

    public static OrganizationInput From(Organization organization) => new()
    {
        Name = organization.Name, Description = organization.Description, Email = organization.Email,
        Phone = organization.Phone, Website = organization.Website, Version = organization.Version, Texts = ListingTextInput.From(organization.Texts),
    };

    /// <summary>Copies the details onto the organisation, blanks as nulls.</summary>
    public void ApplyTo(Organization organization)
    {
        organization.Name = Name.Trim();
        organization.Description = Description?.Trim() ?? "";
        organization.Email = FormText.OrNull(Email);
        organization.Phone = FormText.OrNull(Phone);
        organization.Website = FormText.OrNull(Website);
        ListingTextInput.ApplyTo(organization, Texts);
    }
}
