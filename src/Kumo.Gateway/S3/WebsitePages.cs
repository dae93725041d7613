using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Kumo.Gateway.S3;

/// <summary>
/// The small HTML pages a website endpoint answers errors with, as S3's do: the status as the title, then the
/// error's code, message and details, and the request ids. For HEAD, the status and headers alone.
/// </summary>
internal static class WebsitePages
{
    /// <summary>Sends <paramref name="error"/> as a page; <paramref name="errorDocumentError"/> adds why the custom error document could not be sent.</summary>
    public static Task ErrorAsync(HttpContext context, S3Error error, S3Error? errorDocumentError = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var response = context.Response;
        response.StatusCode = error.Status;
        foreach (var (name, value) in error.Headers)
        {
            response.Headers[name] = value;
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Task.CompletedTask;
        }

        var title = string.Create(CultureInfo.InvariantCulture, $"{error.Status} {ReasonPhrases.GetReasonPhrase(error.Status)}");
        var page = new StringBuilder();
        page.Append("<html>\n<head><title>").Append(title).Append("</title></head>\n<body>\n<h1>").Append(title).Append("</h1>\n<ul>\n");
        Items(page, error);
        page.Append("<li>RequestId: ").Append(Encode(response.Headers[S3Headers.RequestId].ToString())).Append("</li>\n");
        page.Append("<li>HostId: ").Append(Encode(response.Headers[S3Headers.HostId].ToString())).Append("</li>\n</ul>\n");
        if (errorDocumentError is not null)
        {
            page.Append("<h3>An Error Occurred While Attempting to Retrieve a Custom Error Document</h3>\n<ul>\n");
            Items(page, errorDocumentError);
            page.Append("</ul>\n");
        }

        page.Append("<hr/>\n</body>\n</html>\n");
        var bytes = Encoding.UTF8.GetBytes(page.ToString());
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    private static void Items(StringBuilder page, S3Error error)
    {
        page.Append("<li>Code: ").Append(Encode(error.Code)).Append("</li>\n");
        page.Append("<li>Message: ").Append(Encode(error.Message)).Append("</li>\n");
        foreach (var (name, value) in error.Details)
        {
            page.Append("<li>").Append(Encode(name)).Append(": ").Append(Encode(value)).Append("</li>\n");
        }
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
