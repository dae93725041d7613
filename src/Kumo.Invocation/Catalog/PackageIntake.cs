using System.Runtime.InteropServices;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Storage;
using Kumo.Core.Packages;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation.Catalog;

/// <summary>
/// Takes code packages in: inspects them before anything is written, stores them once by content hash, and
/// removes them when no function uses them any more.
/// </summary>
internal sealed partial class PackageIntake(
    ICodePackageStore packages,
    IFunctionStore functions,
    PackageLimits limits,
    ILogger<PackageIntake> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public PackageLimits Limits => limits;

    /// <summary>Inspects a zip held in memory; every problem is in the result.</summary>
    public PackageInspection Inspect(ReadOnlyMemory<byte> zip)
    {
        if (zip.IsEmpty)
        {
            return new PackageInspection([], 0, ["the code package is empty: give a zip file"]);
        }

        using var stream = AsStream(zip);
        return PackageInspector.Inspect(stream, limits);
    }

    /// <summary>
    /// Stores an inspected zip (once per content) and runs <paramref name="reference"/>, which writes the function
    /// that names it and says whether it did. Storing, referencing and removing unused packages take turns, so a
    /// package is never removed between being stored and being named.
    /// </summary>
    /// <returns>Whether the package is now referenced; when not (or when <paramref name="reference"/> throws), it is removed again unless another function uses it.</returns>
    public async Task<bool> StoreAndReferenceAsync(
        ReadOnlyMemory<byte> zip, Func<CodePackage, Task<bool>> reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            CodePackage package;
            await using (var stream = AsStream(zip))
            {
                package = await packages.PutAsync(stream, cancellationToken);
            }

            var referenced = false;
            try
            {
                referenced = await reference(package);
                return referenced;
            }
            finally
            {
                if (!referenced)
                {
                    await RemoveIfUnusedLockedAsync(package.Sha256);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The entries of a stored package.</summary>
    public async Task<IReadOnlyList<PackageEntry>> EntriesAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var stream = await packages.OpenReadAsync(sha256, cancellationToken)
            ?? throw new FunctionRequestException(FunctionErrorKind.Conflict, $"the function's code package {sha256} is missing; upload the code again");
        using var seekable = new MemoryStream();
        await stream.CopyToAsync(seekable, cancellationToken);
        seekable.Position = 0;
        return PackageInspector.Inspect(seekable, limits).Entries;
    }

    /// <summary>Removes a package no function uses any more; a failure is logged, not thrown (the package is only garbage).</summary>
    public async Task RemoveIfUnusedAsync(string sha256)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            await RemoveIfUnusedLockedAsync(sha256);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RemoveIfUnusedLockedAsync(string sha256)
    {
        try
        {
            if (!await functions.IsPackageInUseAsync(sha256, CancellationToken.None))
            {
                await packages.DeleteAsync(sha256, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is IOException or StorageException or UnauthorizedAccessException)
        {
            LogRemoveFailed(logger, e, sha256);
        }
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> zip) =>
        MemoryMarshal.TryGetArray(zip, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(zip.ToArray(), writable: false);

    [LoggerMessage(EventId = EventIds.PackageRemoveFailed, Level = LogLevel.Warning, Message = "Could not remove unused code package {Sha256}")]
    private static partial void LogRemoveFailed(ILogger logger, Exception exception, string sha256);
}
