namespace PartnerNetwork.Web.Pages.Shared;

public static class CatalogueLinks
{
    /// <summary>The directory search for these needs around a school: where an agent looks for (other) help for a family.</summary>
    /// <remarks>With a family, the directory carries it to the referral form, which then starts on that family.</remarks>
    public static string NearSchool(Guid schoolId, IEnumerable<string> needCodes, Guid? familyId = null) =>
        $"/Catalogue?origin=school&school={schoolId}" + string.Concat(needCodes.Select(c => $"&c={Uri.EscapeDataString(c)}"))
        + (familyId is { } family ? $"&family={family}" : "");
}
