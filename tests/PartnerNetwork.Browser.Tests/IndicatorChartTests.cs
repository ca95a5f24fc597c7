using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using PartnerNetwork.Data.Seeding;
using static Microsoft.Playwright.Assertions;

namespace PartnerNetwork.Browser.Tests;

/// <summary>The indicator charts tell what the table tells: every need, totals where the breakdown is hidden, patterns.</summary>
[Collection(BrowserCollection.Name)]
public class IndicatorChartTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task Indicator_charts_label_every_need_plot_hidden_breakdowns_as_a_marked_total_and_use_patterns(int width, int height)
    {
        var page = await browser.SignedInPageAsync(Seeder.CssEmail);
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync("/Coverage/Indicators");
        await Expect(page.Locator("canvas.indicator-chart").Last).ToHaveAttributeAsync("data-ready", "true");

        var sentInTable = (await page.Locator("#indicators tbody tr:not(.fw-bold) td[data-indicator='sent']").AllInnerTextsAsync())
            .Select(t => int.TryParse(t.Replace("\u00a0", "").Replace("\u202f", "").Replace(" ", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (int?)null).ToList();
        var charts = JsonSerializer.Deserialize<List<ChartState>>(await page.EvaluateAsync<string>("""
            () => JSON.stringify([...document.querySelectorAll('canvas.indicator-chart')].map(c => {
              const chart = Chart.getChart(c);
              const data = JSON.parse(c.dataset.chart);
              return {
                labels: data.labels.length,
                ticks: chart.scales.y.ticks.length,
                patterns: chart.data.datasets.filter(d => d.backgroundColor instanceof CanvasPattern).length,
                datasets: chart.data.datasets.length,
                bars: data.labels.map((_, i) => chart.data.datasets.reduce((sum, d) => sum + (d.data[i] || 0), 0)),
                marks: data.marks,
                legendItems: chart.legend.legendItems.length,
                legendInside: chart.legend.legendHitBoxes.every(b => b.left >= 0 && b.left + b.width <= chart.width),
                legendFont: chart.legend.options.labels.font.size,
              };
            }))
            """), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

        Assert.Equal(2, charts.Count);
        var marked = 0;
        foreach (var chart in charts)
        {
            Assert.Equal(sentInTable.Count, chart.Labels);
            Assert.Equal(chart.Labels, chart.Ticks); // every need labelled, none skipped
            Assert.Equal(chart.Datasets, chart.Patterns);
            Assert.Equal(chart.Datasets, chart.LegendItems);
            Assert.True(chart.LegendInside, "legend wider than the chart");
            Assert.True(chart.LegendFont >= 12);
            for (var i = 0; i < chart.Labels; i++)
            {
                // A shown total is what the bar plots, whatever of it is hidden; a hidden one carries the mark.
                if (sentInTable[i] is { } sent) Assert.Equal(sent, chart.Bars[i]);
                else Assert.Equal("< 5 / masqué", chart.Marks[i]);
                if (chart.Marks[i] is not null) marked++;
            }
        }
        Assert.True(marked > 0, "no need carries the hidden mark in the demo data");
        await page.Context.CloseAsync();
    }

    sealed record ChartState(int Labels, int Ticks, int Patterns, int Datasets, int[] Bars, string?[] Marks, int LegendItems, bool LegendInside, int LegendFont);
}
