using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PartnerNetwork.Web.Pages;

/// <summary>The friendly page for exceptions and error status codes: never a stack trace, a reference to quote instead.</summary>
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public class ErrorModel : PageModel
{
    public string TitleKey { get; private set; } = "Error.Title";
    public string BodyKey { get; private set; } = "Error.Body";
    public string? RequestId { get; private set; }

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    void Describe(int? code)
    {
        // Re-executed after an exception, the status chosen by the exception handler is already set.
        var status = code ?? (Response.StatusCode >= 400 ? Response.StatusCode : StatusCodes.Status500InternalServerError);
        (TitleKey, BodyKey) = status switch
        {
            StatusCodes.Status404NotFound => ("Error.NotFoundTitle", "Error.NotFoundBody"),
            StatusCodes.Status403Forbidden => ("AccessDenied.Title", "AccessDenied.Body"),
            StatusCodes.Status400BadRequest => ("Error.BadRequestTitle", "Error.BadRequestBody"),
            _ => ("Error.Title", "Error.Body"),
        };
        Response.StatusCode = status;
        if (status >= 500)
            RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
    }
}
