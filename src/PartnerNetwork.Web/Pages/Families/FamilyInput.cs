using System.ComponentModel.DataAnnotations;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Web.Pages.Shared;

namespace PartnerNetwork.Web.Pages.Families;

/// <summary>The family form: the minimum the privacy rules allow, nothing more.</summary>
public class FamilyInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(Family.ReferenceMaxLength, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.FamilyReference")]
    public string Reference { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.School")]
    public Guid? SchoolId { get; set; }

    [StringLength(Family.PhoneMaxLength, ErrorMessage = "Validation.TooLong")]
    [RegularExpression(Organization.PhonePattern, ErrorMessage = "Validation.Phone")]
    [Display(Name = "Field.Phone")]
    public string? Phone { get; set; }

    [StringLength(Family.EmailMaxLength, ErrorMessage = "Validation.TooLong")]
    [EmailAddress(ErrorMessage = "Validation.Email")]
    [Display(Name = "Field.Email")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.PreferredLanguage")]
    public string PreferredLanguage { get; set; } = "fr";

    [Display(Name = "Field.InterpreterNeeded")]
    public bool InterpreterNeeded { get; set; }

    public List<ContactChannels> Channels { get; set; } = [];

    public List<ContactTimes> Times { get; set; } = [];

    public List<Guid> NeedIds { get; set; } = [];

    public static FamilyInput From(Family family) => new()
    {
        Reference = family.Reference, SchoolId = family.SchoolId, Phone = family.Phone, Email = family.Email,
        PreferredLanguage = family.PreferredLanguage, InterpreterNeeded = family.InterpreterNeeded,
        Channels = Flags.In(family.Channels).ToList(),
        Times = Flags.In(family.Times).ToList(),
        NeedIds = family.Needs.Select(n => n.NeedCategoryId).ToList(),
    };

    public void ApplyTo(Family family)
    {
        family.Reference = Reference.Trim();
        family.SchoolId = SchoolId!.Value;
        family.Phone = FormText.OrNull(Phone);
        family.Email = FormText.OrNull(Email);
        family.PreferredLanguage = PreferredLanguage;
        family.InterpreterNeeded = InterpreterNeeded;
        family.Channels = Channels.Aggregate(ContactChannels.None, (all, c) => all | c);
        family.Times = Times.Aggregate(ContactTimes.None, (all, t) => all | t);
        family.Needs.RemoveAll(n => !NeedIds.Contains(n.NeedCategoryId));
        foreach (var need in NeedIds.Distinct().Where(id => family.Needs.All(n => n.NeedCategoryId != id)))
            family.Needs.Add(new FamilyNeed { FamilyId = family.Id, NeedCategoryId = need });
    }
}
