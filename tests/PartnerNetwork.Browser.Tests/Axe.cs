using System.Text.Json;
using Microsoft.Playwright;

namespace PartnerNetwork.Browser.Tests;

/// <summary>
/// axe-core (the copy Deque.AxeCore.Commons ships) run in the page itself. Deque's <c>RunAxe</c> finishes every run in a
/// new browser page with the whole script injected again — a new Chromium renderer per check, most of the browser
/// tests' processor time — and our pages have no frames for that step to gather.
/// </summary>
public static class Axe
{
    static readonly string Source = ReadSource();

    static string ReadSource()
    {
        var assembly = typeof(Deque.AxeCore.Commons.AxeRunOptions).Assembly;
        using var stream = assembly.GetManifestResourceStream("Deque.AxeCore.Commons.Resources.axe.min.js")
            ?? throw new InvalidOperationException("axe.min.js is not in Deque.AxeCore.Commons");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>WCAG 2.1 A/AA violations of serious or critical impact on the page as it is, one line each.</summary>
    public static async Task<List<string>> SeriousViolationsAsync(IPage page) =>
        (await ViolationsAsync(page, ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]))
            .Where(v => v.Impact is "serious" or "critical").Select(v => v.ToString()).ToList();

    /// <summary>Every violation of the rules carrying one of <paramref name="tags"/> (all rules when none).</summary>
    public static async Task<List<Violation>> ViolationsAsync(IPage page, string[]? tags = null)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            await page.EvaluateAsync(Source);
        var json = await page.EvaluateAsync<string>("""
            async tags => {
              const options = { resultTypes: ['violations'] };
              if (tags.length > 0) options.runOnly = { type: 'tag', values: tags };
              const result = await axe.run(document, options);
              return JSON.stringify(result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.html) })));
            }
            """, tags ?? []);
        return JsonSerializer.Deserialize<List<Violation>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    public sealed record Violation(string Id, string? Impact, string Help, string[] Nodes)
    {
        public override string ToString() => $"{Id} ({Impact}): {Help} — {string.Join(" | ", Nodes)}";
    }
}
