using System.Net;
using System.Text.RegularExpressions;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests.Referrals;

/// <summary>
/// The referral form follows the family (issue 20, point 1): its declared needs ticked, never the service's undeclared
/// ones, its language for the sheet, and all of it again when the agent chooses another family, here without a script.
/// </summary>
public class NewReferralFollowsFamilyTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    /// <summary>A family of the agent's school declaring one need the service does not offer, speaking <paramref name="language"/>.</summary>
    async Task<(Guid Family, Guid Need)> FamilyAsync(HttpClient agent, Guid service, string reference, string language)
    {
        var need = app.With(db => db.NeedCategories.OrderBy(c => c.SortOrder).Select(c => c.Id).ToList()
            .First(n => !db.ServiceCategories.Any(c => c.ServiceId == service && c.NeedCategoryId == n)));
        var response = await AppFactory.PostFormAsync(agent, "/Families/Edit", new()
        {
            ["Input.Reference"] = reference, ["Input.SchoolId"] = app.AgentSchool().ToString(), ["Input.Phone"] = "514-555-0142",
            ["Input.PreferredLanguage"] = language, ["Input.Channels"] = "Phone", ["Input.NeedIds"] = need.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (Guid.Parse(response.Headers.Location!.OriginalString.Split('/').Last()), need);
    }

    Guid ServiceNeed(Guid service) => app.With(db => db.ServiceCategories.Where(c => c.ServiceId == service).Select(c => c.NeedCategoryId).First());

    static bool Ticked(string html, Guid need) =>
        Regex.IsMatch(html, $"<input[^>]*name=\"Input.NeedIds\" value=\"{need}\"[^>]*checked=\"checked\"");

    static bool Offered(string html, Guid need) => html.Contains($"name=\"Input.NeedIds\" value=\"{need}\"");

    static string? Selected(string html, string selectId)
    {
        var select = Regex.Match(html, $"<select[^>]*id=\"{selectId}\".*?</select>", RegexOptions.Singleline).Value;
        var option = Regex.Match(select, "<option[^>]*selected=\"selected\"[^>]*>|<option[^>]*value=\"[^\"]*\"[^>]*selected[^>]*>").Value;
        return option.Length == 0 ? null : Regex.Match(option, "value=\"([^\"]*)\"").Groups[1].Value;
    }

    [Fact]
    public async Task Started_from_a_family_the_form_ticks_its_declared_needs_not_the_service_ones_and_picks_its_sheet_language()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var (family, need) = await FamilyAsync(agent, service, "Zz-Suit-Arabe", "ar");

        var form = await ReferralApp.TextAsync(agent, $"/Referrals/New?serviceId={service}&familyId={family}");

        Assert.Equal(family.ToString(), Selected(form, "Input_FamilyId"));
        Assert.True(Ticked(form, need));
        Assert.True(Offered(form, ServiceNeed(service)));
        Assert.False(Ticked(form, ServiceNeed(service)));
        Assert.Equal("ar", Selected(form, "Input_SheetLanguage"));
    }

    [Fact]
    public async Task Without_a_family_the_choice_starts_empty_and_required_and_no_need_is_ticked()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        await FamilyAsync(agent, service, "Aa-Premiere-Alphabetique", "fr");

        var form = await ReferralApp.TextAsync(agent, $"/Referrals/New?serviceId={service}");

        Assert.Equal("", Selected(form, "Input_FamilyId") ?? "");
        Assert.Matches("<select[^>]*id=\"Input_FamilyId\"[^>]*required|<select[^>]*required[^>]*id=\"Input_FamilyId\"", form);
        Assert.False(Ticked(form, ServiceNeed(service)));
        Assert.DoesNotMatch("name=\"Input.NeedIds\"[^>]*checked=\"checked\"", form);

        // Sending without choosing says which field is missing, and writes nothing.
        var before = app.With(db => db.Referrals.Count());
        var refused = await AppFactory.PostFormAsync(agent, $"/Referrals/New?serviceId={service}", new()
        {
            ["Input.FamilyId"] = "", ["Input.Kind"] = "WarmHandoff", ["Input.NeedIds"] = ServiceNeed(service).ToString(), ["Input.Urgency"] = "Routine",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Choisissez une famille de vos écoles.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(before, app.With(db => db.Referrals.Count()));
    }

    [Fact]
    public async Task Without_a_script_choosing_another_family_posts_back_its_needs_and_language_keeps_the_message_and_writes_nothing()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var (first, _) = await FamilyAsync(agent, service, "Zz-Suit-Creole", "ht");
        var (second, secondNeed) = await FamilyAsync(agent, service, "Zz-Suit-Chinois", "zh");
        app.With(db =>
        {
            // The second family declares the service's need as well as its own.
            db.Add(new PartnerNetwork.Core.Families.FamilyNeed { FamilyId = second, NeedCategoryId = ServiceNeed(service) });
            return db.SaveChanges();
        });
        var before = app.With(db => (db.Referrals.Count(), db.Outbox.Count()));

        var response = await AppFactory.PostFormAsync(agent, $"/Referrals/New?serviceId={service}&handler=Family", new()
        {
            ["Input.FamilyId"] = second.ToString(), ["Input.Kind"] = "InformationGiven",
            ["Input.Message"] = "Appeler après 18 h", ["Input.Urgency"] = "Soon", ["Input.SheetLanguage"] = "ht",
        }, formPage: $"/Referrals/New?serviceId={service}&familyId={first}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var form = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(second.ToString(), Selected(form, "Input_FamilyId"));
        Assert.True(Ticked(form, secondNeed));
        Assert.True(Ticked(form, ServiceNeed(service)));
        Assert.Equal("zh", Selected(form, "Input_SheetLanguage"));
        Assert.Contains("Appeler après 18 h", form);
        Assert.Matches("id=\"kind-InformationGiven\"[^>]*checked", form);
        Assert.DoesNotContain("Veuillez corriger ce qui suit", form);
        Assert.Equal(before, app.With(db => (db.Referrals.Count(), db.Outbox.Count())));
    }

    [Fact]
    public async Task Information_given_leads_to_its_sheet_and_the_sheet_link_keeps_the_interface_language()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var (family, _) = await FamilyAsync(agent, service, "Zz-Feuille-Espagnol", "es");

        var response = await app.ReferAsync(agent, family, service, share: false, kind: "InformationGiven", confirm: true);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/Referrals/Sheet/", location);
        var referral = Guid.Parse(location.Split('/').Last());
        var sheet = await ReferralApp.TextAsync(agent, location);
        Assert.Contains("What they offer", sheet); // the sheet in the language chosen on the form (English)...
        Assert.Contains("<html lang=\"fr-CA\"", sheet); // ...around a French interface
        var details = await ReferralApp.TextAsync(agent, $"/Referrals/Details/{referral}");
        Assert.Contains($"href=\"/Referrals/Sheet/{referral}?lang=en\"", details);
        Assert.DoesNotContain("ui-culture", details);
    }
}
