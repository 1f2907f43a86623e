namespace NetflixMf.Shared;

/// <summary>TorchSharp's native libraries could not be loaded; the message says which of the two causes it is and what to do.</summary>
/// <remarks>
/// NetflixMf checks the native load once, the first time it needs TorchSharp (training, loading a model), and replaces
/// TorchSharp's <see cref="TypeInitializationException"/>, whose text blames a missing package even when the package
/// is there, with this exception. The original exception is the <see cref="Exception.InnerException"/>.
/// See docs/troubleshooting.md.
/// </remarks>
public sealed class NativeLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failure">Which of the two causes it is.</param>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="innerException">TorchSharp's or the loader's own exception.</param>
    public NativeLoadException(NativeLoadFailure failure, string message, Exception? innerException)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>Which of the two causes it is.</summary>
    public NativeLoadFailure Failure { get; }
}
