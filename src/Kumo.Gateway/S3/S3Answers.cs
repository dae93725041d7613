using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>How S3 answers: request ids on every response, XML documents, and errors as <c>&lt;Error&gt;</c> documents (status only for HEAD).</summary>
internal static class S3Answers
{
    private const string XmlContentType = "application/xml";

    /// <summary>Gives the response S3's two request ids: <c>x-amz-request-id</c> (16 hex digits) and <c>x-amz-id-2</c>.</summary>
    public static void StampRequestIds(HttpResponse response)
    {
        Span<byte> id = stackalloc byte[8];
        RandomNumberGenerator.Fill(id);
        Span<byte> host = stackalloc byte[32];
        RandomNumberGenerator.Fill(host);
        response.Headers[S3Headers.RequestId] = Convert.ToHexString(id);
        response.Headers[S3Headers.HostId] = Convert.ToBase64String(host);
    }

    /// <summary>Sends an XML document.</summary>
    public static Task XmlAsync(HttpContext context, int status, byte[] document)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = XmlContentType;
        response.ContentLength = document.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(document, context.RequestAborted).AsTask();
    }

    /// <summary>Sends a status with no body.</summary>
    public static Task EmptyAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        if (status != StatusCodes.Status204NoContent && status != StatusCodes.Status304NotModified)
        {
            context.Response.ContentLength = 0;
        }

        return Task.CompletedTask;
    }

    /// <summary>Sends <paramref name="error"/> as S3 does: an <c>&lt;Error&gt;</c> document, or for a HEAD the status and headers alone.</summary>
    /// <param name="context">The request.</param>
    /// <param name="error">The error.</param>
    /// <param name="resource">The resource asked for, <c>/bucket/key</c>.</param>
    public static Task ErrorAsync(HttpContext context, S3Error error, string resource)
    {
        var response = context.Response;
        response.StatusCode = error.Status;
        foreach (var (name, value) in error.Headers)
        {
            response.Headers[name] = value;
        }

        // A client that sent Expect: 100-continue and got this answer before a 100 does not send the body (botocore
        // does not); the connection then holds no next request where the server would look for the rest of this one.
        if (ExpectsContinueOverHttp1(context.Request))
        {
            response.Headers.Connection = "close";
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Task.CompletedTask;
        }

        var document = ErrorDocument(response, error, resource);
        response.ContentType = XmlContentType;
        response.ContentLength = document.Length;
        return response.Body.WriteAsync(document, context.RequestAborted).AsTask();
    }

    /// <summary>The <c>&lt;Error&gt;</c> document of <paramref name="error"/>, with the response's request ids.</summary>
    public static byte[] ErrorDocument(HttpResponse response, S3Error error, string resource) => S3Xml.Document("Error", writer =>
    {
        writer.Element("Code", error.Code);
        writer.Element("Message", error.Message);
        foreach (var (name, value) in error.Details)
        {
            writer.Element(name, value);
        }

        writer.Element("Resource", resource);
        writer.Element("RequestId", response.Headers[S3Headers.RequestId].ToString());
        writer.Element("HostId", response.Headers[S3Headers.HostId].ToString());
    }, inNamespace: false);

    /// <summary>
    /// Whether the request is HTTP/1.x with <c>Expect: 100-continue</c>, where closing the connection after the answer
    /// is how to end it cleanly (HTTP/2 has no such thing, and Kestrel drops a <c>Connection</c> header there).
    /// </summary>
    public static bool ExpectsContinueOverHttp1(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (HttpProtocol.IsHttp11(request.Protocol) || HttpProtocol.IsHttp10(request.Protocol))
            && request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase);
    }
}
