using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Coverage;
using PartnerNetwork.Core.Schools;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Web.Pages.Coverage;
using PartnerNetwork.Web.Tests.Referrals;

namespace PartnerNetwork.Web.Tests.Coverage;

/// <summary>The indicators of one school level: its own figures, suppressed with everything else the CSS publishes.</summary>
public class IndicatorLevelTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    static string[] Cells(string line) =>
        Regex.Matches(line, "(?:^|,)(\"(?:[^\"]|\"\")*\"|[^,]*)").Select(m => m.Groups[1].Value is var v && v.StartsWith('"') ? v[1..^1].Replace("\"\"", "\"") : m.Groups[1].Value).ToArray();

    /// <summary>
    /// The demo history is at primary schools: one of them hands its families and referrals to a secondary school of
    /// the CSS, so the secondary level has figures of its own. Returns the secondary school's code.
    /// </summary>
    async Task<(string Secondary, string PrimaryOnly)> SecondaryHistoryAsync()
    {
        var (from, _) = Indicators.SchoolYear(Indicators.SchoolYearOf(QuebecTime.Today(TimeProvider.System)));
        var since = QuebecTime.ToUtc(from.ToDateTime(TimeOnly.MinValue));
        var (source, secondary, secondaryCode, primaryOnly) = app.With(db =>
        {
            var centre = db.ServiceCentres.Single(c => c.Code == Seeder.DemoServiceCentreCode).Id;
            var source = db.Schools.Where(s => s.ServiceCentreId == centre && (s.Levels & SchoolLevels.Secondary) == 0)
                .OrderByDescending(s => db.Referrals.Count(r => r.SchoolId == s.Id && r.CreatedAt >= since)).First();
            var secondary = db.Schools.Where(s => s.ServiceCentreId == centre && s.Levels == SchoolLevels.Secondary && s.ClosedOn == null).OrderBy(s => s.Code).First();
            return (source.Id, secondary.Id, secondary.Code, source.Code);
        });
        await app.WithAsync(async db =>
        {
            await db.Families.Where(f => f.SchoolId == source).ExecuteUpdateAsync(s => s.SetProperty(f => f.SchoolId, secondary));
            await db.Referrals.Where(r => r.SchoolId == source).ExecuteUpdateAsync(s => s.SetProperty(r => r.SchoolId, secondary));
        });
        return (secondaryCode, primaryOnly);
    }

    [Fact]
    public async Task Secondary_schools_indicators_are_their_own_and_their_small_counts_stay_hidden()
    {
        var (secondary, primaryOnly) = await SecondaryHistoryAsync();
        var css = await app.SignedInAsync(Seeder.CssEmail);
        async Task<string[][]> CsvAsync(string query) => Encoding.UTF8.GetString(await css.GetByteArrayAsync($"/Coverage/Indicators?handler=Csv{query}"))
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => Cells(l).Skip(1).Take(IndicatorsModel.Shown.Length).ToArray()).ToArray();
        var centre = await CsvAsync("");
        var level = await CsvAsync("&level=secondary");

        // The true counts of the referrals of the CSS's secondary schools, computed here from the referrals themselves.
        var (from, until) = Indicators.SchoolYear(Indicators.SchoolYearOf(QuebecTime.Today(TimeProvider.System)));
        var (since, before) = (QuebecTime.ToUtc(from.ToDateTime(TimeOnly.MinValue)), QuebecTime.ToUtc(until.AddDays(1).ToDateTime(TimeOnly.MinValue)));
        var needIds = app.With(db => db.NeedCategories.OrderBy(c => c.SortOrder).Select(c => c.Id).ToList());
        var expected = app.With(db => db.Referrals.AsNoTracking().Include(r => r.Needs)
            .Where(r => db.Schools.Where(s => s.ServiceCentre!.Code == Seeder.DemoServiceCentreCode && (s.Levels & SchoolLevels.Secondary) != 0).Select(s => s.Id).Contains(r.SchoolId)
                        && r.CreatedAt >= since && r.CreatedAt < before).ToList()
            .Select(r => ReferralFact.Of(r.Kind, r.State, r.Reason, r.CreatedAt, r.AcknowledgedAt, r.Needs.Select(n => n.NeedCategoryId).ToList())).ToList());
        var truth = Indicators.Compute(expected, needIds);
        var sent = Array.IndexOf(IndicatorsModel.Shown, IndicatorCount.Sent);
        Assert.True(truth[^1][IndicatorCount.Sent] >= 5, $"{truth[^1][IndicatorCount.Sent]} referrals at secondary schools");
        Assert.NotEqual(centre[^1][sent], level[^1][sent]);
        for (var row = 0; row < truth.Count; row++)
            for (var column = 0; column < IndicatorsModel.Shown.Length; column++)
            {
                var count = truth[row][IndicatorsModel.Shown[column]];
                var cell = level[row][column];
                if (count is > 0 and < 5) Assert.True(cell == "x", $"row {row}, {IndicatorsModel.Shown[column]} = {count} shown as {cell}");
                else Assert.True(cell == "x" || cell == count.ToString(), $"row {row}, {IndicatorsModel.Shown[column]}: {cell} for {count}");
            }

        // The page says which level it shows, keeps it in the form, and names the file after it.
        var page = WebUtility.HtmlDecode(await css.GetStringAsync("/Coverage/Indicators?level=secondary"));
        Assert.Contains("CSS de Montréal, ordre : Secondaire", page);
        Assert.Matches("<option value=\"secondary\" selected(=\"selected\")?>", page);
        var schools = Regex.Match(page, "<select id=\"school\".*?</select>", RegexOptions.Singleline).Value;
        Assert.Contains($"value=\"{secondary}\"", schools);
        Assert.DoesNotContain($"value=\"{primaryOnly}\"", schools);
        var response = await css.GetAsync("/Coverage/Indicators?handler=Csv&level=secondary");
        Assert.Contains("-secondary-", response.Content.Headers.ContentDisposition!.FileName);
    }

    [Theory]
    [InlineData("/Coverage/Indicators?level=%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("/Coverage/Indicators?level=secondary,primary")]
    [InlineData("/Coverage/Indicators?level=7")]
    [InlineData("/Coverage/Indicators?handler=Csv&level=%00")]
    [InlineData("/Coverage?level=none")]
    [InlineData("/Schools/Centre?level=-1")]
    public async Task An_unknown_level_gets_a_message_never_a_500(string url)
    {
        var css = await app.SignedInAsync(Seeder.CssEmail);
        var response = await css.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (!url.Contains("handler=Csv")) Assert.Contains("Ordre d’enseignement inconnu", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_school_of_another_level_than_the_one_chosen_is_said_and_the_level_shown()
    {
        var (_, primaryOnly) = await SecondaryHistoryAsync();
        var css = await app.SignedInAsync(Seeder.CssEmail);
        var page = WebUtility.HtmlDecode(await css.GetStringAsync($"/Coverage/Indicators?level=secondary&school={primaryOnly}"));
        Assert.Contains("Cette école n’offre pas l’ordre « Secondaire »", page);
        Assert.Contains("CSS de Montréal, ordre : Secondaire", page);
    }

    [Theory]
    [InlineData("/Coverage/Indicators")]
    [InlineData("/Coverage?need=homework-help")]
    [InlineData("/Schools/Centre")]
    public async Task Every_filter_control_has_a_label(string url)
    {
        var css = await app.SignedInAsync(Seeder.CssEmail);
        var page = await css.GetStringAsync(url);
        var form = Regex.Match(page, "<form method=\"get\".*?</form>", RegexOptions.Singleline).Value;
        var controls = Regex.Matches(form, "<(select|input)(?![^>]*type=\"(hidden|submit)\")[^>]*>").Select(m => m.Value).ToList();
        Assert.Contains(controls, c => c.Contains("id=\"level\""));
        foreach (var control in controls)
        {
            var id = Regex.Match(control, "id=\"([^\"]+)\"").Groups[1].Value;
            Assert.True(id.Length > 0 && Regex.IsMatch(page, $"<label[^>]*for=\"{Regex.Escape(id)}\"") || Regex.IsMatch(control, "aria-label(ledby)?="),
                $"{url}: {control} has no label");
        }
    }
}
