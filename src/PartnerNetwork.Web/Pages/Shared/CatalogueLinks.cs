namespace PartnerNetwork.Web.Pages.Shared;

public static class CatalogueLinks
{
    /// <summary>The directory search for these needs around a school: where an agent looks for (other) help for a family.</summary>
    public static string NearSchool(Guid schoolId, IEnumerable<string> needCodes) =>
        $"/Catalogue?origin=school&school={schoolId}" + string.Concat(needCodes.Select(c => $"&c={Uri.EscapeDataString(c)}"));
}
