using System.Text;
using Kumo.Abstractions.Objects;
using Kumo.Abstractions.Storage;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>
/// Answers CompleteMultipartUpload while the store joins the parts, which for gigabytes takes a while: an answer ready
/// within <see cref="AnswerAfter"/> is sent as usual; otherwise, as S3 does, a 200 with the XML declaration is sent
/// at once and a space every <see cref="KeepAliveEvery"/>, so that no client times out, and then the result document
/// or, if it came to that (the store refused or failed), an <c>&lt;Error&gt;</c> document, which SDKs read as the error it is.
/// </summary>
internal static class CompletionAnswer
{
    public static readonly TimeSpan AnswerAfter = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan KeepAliveEvery = TimeSpan.FromSeconds(10);

    private static readonly byte[] Declaration = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private static readonly byte[] Space = " "u8.ToArray();

    public static async Task SendAsync(S3Call call, IMultipartStore store, UploadCompletion completion)
    {
        var completing = store.CompleteUploadAsync(completion, call.Aborted);
        using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(call.Aborted))
        {
            var first = await Task.WhenAny(completing, Task.Delay(AnswerAfter, call.Time, waiting.Token));
            await waiting.CancelAsync();
            if (first == completing)
            {
                var (error, document) = Answer(call, completion, await completing);
                await (error is null ? call.XmlAsync(document!) : call.ErrorAsync(error));
                return;
            }
        }

        var response = call.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/xml";
        await response.StartAsync(call.Aborted);
        await response.Body.WriteAsync(Declaration, call.Aborted);
        await response.Body.FlushAsync(call.Aborted);
        using (var timer = new PeriodicTimer(KeepAliveEvery, call.Time))
        {
            while (true)
            {
                var tick = timer.WaitForNextTickAsync(call.Aborted).AsTask();
                if (await Task.WhenAny(completing, tick) == completing)
                {
                    break;
                }

                // Throws when the client went away; the completion, on the same token, stops too.
                await tick;
                await response.Body.WriteAsync(Space, call.Aborted);
                await response.Body.FlushAsync(call.Aborted);
            }
        }

        S3Error? late;
        byte[]? result;
        try
        {
            (late, result) = Answer(call, completion, await completing);
        }
        catch (Exception e) when (!call.Aborted.IsCancellationRequested)
        {
            // The 200 is sent: the failure can only be told in the body, as S3 tells it.
            (late, result) = (Failure(call, e), null);
        }

        var bytes = late is null ? result! : S3Answers.ErrorDocument(response, late, call.Resource);
        await response.Body.WriteAsync(WithoutDeclaration(bytes), call.Aborted);
    }

    /// <summary>The error for a completion that threw once its 200 was sent; what is not the client's doing is logged.</summary>
    private static S3Error Failure(S3Call call, Exception e)
    {
        if (S3Exception.Find(e) is { } refused)
        {
            return refused.Error;
        }

        S3Log.RequestFailed(call.Logger, call.Request.Method, call.Resource, call.Response.Headers[S3Headers.RequestId].ToString(), e);
        return e is StorageException storage ? S3Errors.InternalError(storage) : S3Errors.InternalError();
    }

    private static (S3Error? Error, byte[]? Document) Answer(S3Call call, UploadCompletion completion, MultipartCompletion outcome)
    {
        switch (outcome.Outcome)
        {
            case MultipartCompletionOutcome.NoSuchUpload:
                return (MultipartErrors.NoSuchUpload(completion.UploadId), null);
            case MultipartCompletionOutcome.InvalidPart:
                var etag = completion.Parts.FirstOrDefault(p => p.PartNumber == outcome.InvalidPartNumber)?.ETag ?? "";
                return (MultipartErrors.InvalidPart(completion.UploadId, outcome.InvalidPartNumber, etag), null);
        }

        var stored = outcome.Object!;
        return (null, S3Xml.Document("CompleteMultipartUploadResult", writer =>
        {
            writer.Element("Location", Location(call.Request, stored.Bucket, stored.Key));
            writer.Element("Bucket", stored.Bucket);
            writer.Element("Key", stored.Key);
            writer.Element("ETag", stored.ETag);
            MultipartCalls.WriteChecksums(writer, stored.Checksums);
            if (stored.Checksums.Values.FirstOrDefault() is { } checksum)
            {
                writer.Element("ChecksumType", MultipartChecksums.TypeOf(checksum));
            }
        }));
    }

    /// <summary>The object's URL, path-style or virtual-hosted as the request was.</summary>
    private static string Location(HttpRequest request, string bucket, string key)
    {
        var host = request.Host.Value ?? "";
        var path = S3UrlEncoding.Encode(key);
        return host.StartsWith(bucket + ".", StringComparison.OrdinalIgnoreCase)
            ? $"{request.Scheme}://{host}/{path}"
            : $"{request.Scheme}://{host}/{bucket}/{path}";
    }

    private static ReadOnlyMemory<byte> WithoutDeclaration(byte[] document)
    {
        var end = document.AsSpan().IndexOf("?>"u8);
        return end < 0 ? document : document.AsMemory(end + 2);
    }
}
