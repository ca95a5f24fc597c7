using Microsoft.AspNetCore.Authorization;
using PartnerNetwork.Core.Access;

namespace PartnerNetwork.Web.Security;

public static class Policies
{
    public const string Agent = nameof(Agent);
    public const string PartnerStaffOrAdmin = nameof(PartnerStaffOrAdmin);
    public const string CssStaff = nameof(CssStaff);
    public const string Admin = nameof(Admin);
    public const string PartnerStaff = nameof(PartnerStaff);
    public const string AgentOrPartnerStaff = nameof(AgentOrPartnerStaff);
    public const string CssStaffOrAdmin = nameof(CssStaffOrAdmin);
    public const string AgentOrCssStaffOrAdmin = nameof(AgentOrCssStaffOrAdmin);

    public static AuthorizationBuilder AddPartnerNetworkPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Agent, p => p.RequireRole(nameof(Role.Agent)))
        .AddPolicy(PartnerStaffOrAdmin, p => p.RequireRole(nameof(Role.PartnerStaff), nameof(Role.Admin)))
        .AddPolicy(CssStaff, p => p.RequireRole(nameof(Role.CssStaff)))
        .AddPolicy(Admin, p => p.RequireRole(nameof(Role.Admin)))
        .AddPolicy(PartnerStaff, p => p.RequireRole(nameof(Role.PartnerStaff)))
        .AddPolicy(AgentOrPartnerStaff, p => p.RequireRole(nameof(Role.Agent), nameof(Role.PartnerStaff)))
        .AddPolicy(CssStaffOrAdmin, p => p.RequireRole(nameof(Role.CssStaff), nameof(Role.Admin)))
        .AddPolicy(AgentOrCssStaffOrAdmin, p => p.RequireRole(nameof(Role.Agent), nameof(Role.CssStaff), nameof(Role.Admin)));
}
