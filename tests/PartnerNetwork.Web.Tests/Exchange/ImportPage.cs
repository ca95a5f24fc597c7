using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace PartnerNetwork.Web.Tests.Exchange;

/// <summary>The import page as a person uses it: the file chooser's form, and the counts its report shows.</summary>
static class ImportPage
{
    /// <summary>Uploads a file through the form on /Exchange, with that page's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string name = "partenaires.csv")
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(AppFactory.AntiforgeryToken(await client.GetStringAsync("/Exchange"))), "__RequestVerificationToken");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : "application/octet-stream");
        form.Add(file, "file", name);
        return await client.PostAsync("/Exchange?handler=Upload", form);
    }

    /// <summary>Uploads a file and returns the address of its report (the upload must redirect there).</summary>
    public static async Task<string> UploadedAsync(HttpClient client, byte[] content, string name = "partenaires.csv")
    {
        var response = await UploadAsync(client, content, name);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>A count of the report: created, updated, unchanged or rejected.</summary>
    public static int Count(string html, string name) => int.Parse(Regex.Match(html, $"data-count=\"{name}\">(\\d+)<").Groups[1].Value);
}
