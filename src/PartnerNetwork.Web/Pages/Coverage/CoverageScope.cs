using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Schools;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Pages.Coverage;

/// <summary>
/// Which CSS a coverage or indicators page is about: CSS staff see their own (another CSS's code in the URL is "not
/// found"), admins any (the first by name when none is asked for).
/// </summary>
public static class CoverageScope
{
    public static async Task<ServiceCentre?> CentreAsync(PartnerNetworkDb db, Actor actor, string? code)
    {
        var centres = db.ServiceCentres.AsNoTracking();
        return actor.Role switch
        {
            Role.CssStaff when actor.ServiceCentreId is { } own =>
                await centres.SingleOrDefaultAsync(c => c.Id == own && (code == null || c.Code == code)),
            Role.Admin => code is null
                ? await centres.OrderBy(c => c.Name).FirstOrDefaultAsync()
                : await centres.SingleOrDefaultAsync(c => c.Code == code),
            _ => null,
        };
    }

    /// <summary>The need asked for by code, or the first of the taxonomy; null when the code is unknown.</summary>
    public static NeedCategory? NeedOf(IReadOnlyList<NeedCategory> needs, string? code) =>
        string.IsNullOrWhiteSpace(code) ? needs.FirstOrDefault() : needs.FirstOrDefault(n => n.Code == code);
}
