using Kumo.Abstractions.Functions;

namespace Kumo.Gateway.Lambda.Concurrency;

/// <summary>
/// Whether a provisioned concurrency setting can be kept: within the function's reserved concurrency (as on Lambda),
/// and within the share of the node's memory budget that provisioned sandboxes may hold together.
/// </summary>
internal static class ProvisionedConcurrencyChecks
{
    /// <summary>Provisioned sandboxes may hold at most 1/<c>BudgetDivisor</c> of the node's memory budget, so on-demand sandboxes always have room.</summary>
    public const int BudgetDivisor = 2;

    /// <summary>Every reason the setting cannot be kept; none when it can.</summary>
    /// <param name="requested">The sandboxes asked for.</param>
    /// <param name="function">The function they are for.</param>
    /// <param name="otherQualifiers">What the function's other qualifiers already have provisioned.</param>
    /// <param name="budgetMb">The node's memory budget in MB; 0 when not known (then the worker's status says whether they fit).</param>
    /// <param name="otherProvisionedMb">The memory every other setting of every function already asks for.</param>
    public static IEnumerable<string> Problems(int requested, FunctionConfiguration function, int otherQualifiers, int budgetMb, long otherProvisionedMb)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (function.ReservedConcurrency is { } reserved && (long)requested + otherQualifiers > reserved)
        {
            var others = otherQualifiers > 0 ? $" and {otherQualifiers} provisioned for its other versions and aliases" : "";
            yield return "Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function " +
                $"({requested} requested{others}, {reserved} reserved): ask for at most {Math.Max(0, reserved - otherQualifiers)}, " +
                "or raise the function's reserved concurrency (PutFunctionConcurrency)";
        }

        if (budgetMb > 0)
        {
            var shareMb = budgetMb / BudgetDivisor;
            var leftMb = Math.Max(0, shareMb - otherProvisionedMb);
            var fit = leftMb / function.MemoryMb;
            if (requested > fit)
            {
                var held = otherProvisionedMb > 0 ? $", less {otherProvisionedMb} MB asked for by other provisioned concurrency settings" : "";
                yield return $"ProvisionedConcurrentExecutions {requested} of {function.MemoryMb} MB each need {(long)requested * function.MemoryMb} MB, " +
                    $"more than the {leftMb} MB this Kumo node keeps for provisioned sandboxes (1/{BudgetDivisor} of its {budgetMb} MB memory budget{held}); " +
                    $"{fit} fit: ask for at most {fit}, give the function less memory, or raise --memory-budget";
            }
        }
    }
}
