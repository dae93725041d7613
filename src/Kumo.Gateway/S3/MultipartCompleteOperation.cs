using System.Globalization;
using System.Xml;
using Kumo.Abstractions.Objects;
using Kumo.Gateway.Lambda.Requests;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>
/// CompleteMultipartUpload (<c>POST /{bucket}/{key}?uploadId=ID</c>): checks the part list as S3 does (ascending
/// part numbers, each part uploaded with the named ETag and any checksums the list repeats, every part but the last at least 5 MiB, at
/// most 5 TiB in all; with a checksum, parts numbered from 1 without gaps), computes the object's checksum from the
/// parts' (<see cref="MultipartChecksums"/>), checks it against an <c>x-amz-checksum-*</c> header if one came, and
/// has the store join the parts (<see cref="CompletionAnswer"/>).
/// </summary>
internal static class MultipartCompleteOperation
{
    // 10,000 parts, each with its number, ETag and a checksum, and their elements.
    private const long BodyLimit = 8 * 1024 * 1024;

    public static async Task ServeAsync(S3Call call)
    {
        var request = call.Request;
        if (call.KeyProblem() is { } keyProblem)
        {
            await call.ErrorAsync(keyProblem);
            return;
        }

        if (request.Headers.IfNoneMatch.Count > 0 || request.Headers.IfMatch.Count > 0)
        {
            await call.ErrorAsync(S3Errors.NotImplemented("Conditional writes (If-None-Match or If-Match on CompleteMultipartUpload) are not supported by Kumo yet."));
            return;
        }

        if (await MultipartCalls.StoreAsync(call) is not { } store || await MultipartCalls.UploadAsync(call, store) is not { } upload)
        {
            return;
        }

        if (await RequestBody.ReadAsync(request, BodyLimit, call.Aborted) is not { } body)
        {
            await call.ErrorAsync(S3Errors.MaxMessageLengthExceeded(BodyLimit));
            return;
        }

        List<RequestedPart> requested;
        try
        {
            requested = CompletionRequest.Parse(body);
        }
        catch (XmlException)
        {
            await call.ErrorAsync(S3Errors.MalformedXml());
            return;
        }

        var stored = await store.ListPartsAsync(upload.UploadId, 0, MultipartCalls.MostParts, call.Aborted);
        if (Check(request, upload, requested, stored.Parts, out var checksums) is { } problem)
        {
            await call.ErrorAsync(problem);
            return;
        }

        var completion = new UploadCompletion
        {
            Bucket = call.Bucket,
            Key = call.Key,
            UploadId = upload.UploadId,
            Parts = requested.Select(p => new CompletedPart(p.PartNumber, p.ETag)).ToList(),
            Checksums = checksums,
            Origin = call.Origin,
        };
        await CompletionAnswer.SendAsync(call, store, completion);
    }

    /// <summary>What is wrong with the part list, if anything; otherwise the object's checksums.</summary>
    private static S3Error? Check(
        HttpRequest request, MultipartUpload upload, List<RequestedPart> requested, IReadOnlyList<PartInfo> stored, out Dictionary<string, string> checksums)
    {
        checksums = new Dictionary<string, string>(StringComparer.Ordinal);
        var id = upload.UploadId;
        if (requested.FirstOrDefault(p => p.PartNumber is < 1 or > MultipartCalls.MostParts) is { } outOfRange)
        {
            return MultipartErrors.InvalidPartNumber(outOfRange.PartNumber.ToString(CultureInfo.InvariantCulture));
        }

        for (var i = 1; i < requested.Count; i++)
        {
            if (requested[i].PartNumber <= requested[i - 1].PartNumber)
            {
                return MultipartErrors.InvalidPartOrder(id);
            }
        }

        var algorithm = MultipartCalls.AlgorithmOf(upload);
        if (algorithm is not null && requested[^1].PartNumber != requested.Count)
        {
            return MultipartErrors.InvalidPartOrderWithChecksums(id);
        }

        var typeHeader = request.Headers[S3Headers.ChecksumType].ToString();
        if (typeHeader.Length > 0 && !string.Equals(typeHeader, upload.ChecksumType, StringComparison.OrdinalIgnoreCase))
        {
            return S3Errors.InvalidRequest(
                $"The upload was created using the {upload.ChecksumType ?? "null"} checksum mode. The complete request must use the same checksum mode.");
        }

        var byNumber = stored.ToDictionary(p => p.PartNumber);
        var digests = new List<(string Checksum, long Size)>(requested.Count);
        long total = 0;
        for (var i = 0; i < requested.Count; i++)
        {
            var named = requested[i];
            if (!byNumber.TryGetValue(named.PartNumber, out var part) || part.ETag.Trim('"') != named.ETag.Trim('"'))
            {
                return MultipartErrors.InvalidPart(id, named.PartNumber, named.ETag);
            }

            // A part keeps the checksum it was sent with, of the upload's algorithm or, on an upload without one, of
            // whichever the client chose (newer SDKs send CRC32 by default); the list may repeat it, and must not
            // name another.
            foreach (var (name, given) in named.Checksums)
            {
                var kept = part.Checksums.GetValueOrDefault(name);
                if (kept != given)
                {
                    return MultipartErrors.InvalidPartChecksum(id, named.PartNumber, named.ETag, name, given, kept);
                }
            }

            if (i < requested.Count - 1 && part.Size < MultipartErrors.MinPartSize)
            {
                return MultipartErrors.EntityTooSmall(id, named.PartNumber, part.Size, named.ETag);
            }

            if (algorithm is { } expected)
            {
                if (!part.Checksums.TryGetValue(expected.Name(), out var checksum))
                {
                    return MultipartErrors.InvalidPart(id, named.PartNumber, named.ETag);
                }

                digests.Add((checksum, part.Size));
            }

            total += part.Size;
        }

        if (total > MultipartErrors.MaxObjectSize)
        {
            return MultipartErrors.ObjectTooLarge(total);
        }

        var declaredSize = request.Headers[MultipartCalls.ObjectSizeHeader].ToString();
        if (declaredSize.Length > 0 && declaredSize != total.ToString(CultureInfo.InvariantCulture))
        {
            return S3Errors.InvalidRequest($"The provided 'x-amz-mp-object-size' header value {declaredSize} does not match the size of the parts, {total} bytes.");
        }

        if (algorithm is not { } objectAlgorithm)
        {
            // As on S3, a checksum header on the completion of an upload without a checksum is ignored.
            return null;
        }

        var value = MultipartChecksums.Of(objectAlgorithm, upload.ChecksumType ?? MultipartChecksums.DefaultType(objectAlgorithm), digests);
        foreach (var sent in ChecksumAlgorithms.All)
        {
            var given = request.Headers[sent.HeaderName()].ToString();
            if (given.Length == 0)
            {
                continue;
            }

            if (sent != objectAlgorithm)
            {
                return MultipartErrors.ChecksumTypeMismatch(objectAlgorithm.Name(), sent.Name());
            }

            // A composite checksum may be sent with or without its -{parts}.
            if (given != value && given != value.Split('-')[0])
            {
                return S3Errors.BadDigest(sent.Name());
            }
        }

        checksums[objectAlgorithm.Name()] = value;
        return null;
    }
}
