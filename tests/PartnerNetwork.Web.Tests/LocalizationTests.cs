using System.Text.RegularExpressions;
using System.Xml.Linq;
using AutoMapper;
using Microsoft.Extensions.DependencyInjection;

namespace PartnerNetwork.Web.Tests;

/// <summary>Every key the code asks for exists in French and in English, so no page shows a raw key.</summary>
public class LocalizationTests
{
    static readonly string WebProject = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/PartnerNetwork.Web"));

    static Dictionary<string, string> Resx(string culture) =>
        XDocument.Load(Path.Combine(WebProject, "Localization", $"SharedResource.{culture}.resx")).Root!
            .Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    static IEnumerable<string> KeysUsedInCode()
    {
        var pattern = new Regex(@"L\[""([A-Za-z]+\.[A-Za-z.]+)""|(?<![A-Za-z])(?:ErrorMessage|Name) = ""([A-Z][A-Za-z]+\.[A-Za-z.]+)""|\(""([A-Z][A-Za-z]+\.[A-Za-z]+)"", ""([A-Z][A-Za-z]+\.[A-Za-z]+)""\)");
        foreach (var file in Directory.EnumerateFiles(WebProject, "*.cs*", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")))
            foreach (Match match in pattern.Matches(File.ReadAllText(file)))
                foreach (var group in match.Groups.Values.Skip(1).Where(g => g.Success && !g.Value.EndsWith('.')))
                    yield return group.Value;
    }

    [Fact]
    public void French_and_English_have_the_same_keys()
    {
        var french = Resx("fr-CA");
        var english = Resx("en-CA");
        Assert.NotEmpty(french);
        Assert.Empty(french.Keys.Except(english.Keys));
        Assert.Empty(english.Keys.Except(french.Keys));
        Assert.All(french, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), kv.Key));
    }

    [Fact]
    public void Every_key_used_in_code_has_a_translation()
    {
        var french = Resx("fr-CA");
        var used = KeysUsedInCode().Distinct().ToList();
        Assert.True(used.Count > 100, $"Only {used.Count} keys found: is the scan still looking at the right files?");
        Assert.DoesNotContain(used, k => !french.ContainsKey(k));
    }

    [Fact]
    public void Every_enum_value_shown_to_users_has_a_translation()
    {
        var french = Resx("fr-CA");
        var keys = Enum.GetNames<Core.Catalogue.Cost>().Select(n => $"Cost.{n}")
            .Concat(Enum.GetNames<Core.Catalogue.CapacityState>().Select(n => $"Capacity.{n}"))
            .Concat(Enum.GetNames<Core.Access.Role>().Select(n => $"Role.{n}"))
            .Concat(Enum.GetNames<Core.Access.AuditChange>().Select(n => $"AuditChange.{n}"))
            .Concat(Enum.GetNames<Core.Referrals.ReferralState>().SelectMany(n => new[] { $"ReferralState.{n}", $"ReferralAction.{n}" }))
            .Concat(Enum.GetNames<Core.Referrals.ReferralReason>().Select(n => $"ReferralReason.{n}"))
            .Concat(Enum.GetNames<Core.Referrals.ReferralKind>().SelectMany(n => new[] { $"ReferralKind.{n}", $"ReferralKind.{n}.Help" }))
            .Concat(Enum.GetNames<Core.Referrals.ReferralActor>().Select(n => $"ReferralActor.{n}"))
            .Concat(Enum.GetNames<Core.Referrals.Urgency>().Select(n => $"Urgency.{n}"))
            .Concat(Enum.GetNames<Core.Families.ConsentMethod>().Select(n => $"ConsentMethod.{n}"))
            .Concat(Enum.GetNames<Core.Families.ContactChannels>().Where(n => n != "None").Select(n => $"ContactChannels.{n}"))
            .Concat(Enum.GetNames<Core.Families.ContactTimes>().Where(n => n != "None").Select(n => $"ContactTimes.{n}"))
            // The refusals Core gives as keys.
            .Concat(["Referral.AlreadyClosed", "Referral.NotYourStep", "Referral.NotNextStep", "Referral.ReasonRequired", "Referral.OtherNeedsText", "Referral.NoteTooLong",
                "Referral.NoteEmpty", "Referral.Anonymised"]);
        Assert.DoesNotContain(keys, k => !french.ContainsKey(k));
    }

    [Fact]
    public void Every_step_of_the_action_panel_has_its_confirmation()
    {
        var french = Resx("fr-CA");
        var keys = from kind in Enum.GetValues<Core.Referrals.ReferralKind>()
                   from state in Enum.GetValues<Core.Referrals.ReferralState>()
                   from actor in Enum.GetValues<Core.Referrals.ReferralActor>()
                   from choice in Core.Referrals.ReferralWorkflow.ChoicesFor(kind, state, actor, notesOpen: false)
                   select $"{(kind == Core.Referrals.ReferralKind.InformationGiven ? "InformationDone" : "ReferralDone")}.{choice.To}";
        var all = keys.Distinct().ToList();
        Assert.Equal(11, all.Count); // eight steps of a warm handoff, three of information given
        Assert.DoesNotContain(all, k => !french.ContainsKey(k));
    }
}

public class MappingTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public void The_automapper_configuration_is_valid() =>
        app.Services.GetRequiredService<IMapper>().ConfigurationProvider.AssertConfigurationIsValid();
}
