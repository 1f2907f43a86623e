using static TorchSharp.torch;

namespace NetflixMf.Models;

/// <summary>
/// The extension point of <see cref="FactorizationModel"/>: turns a batch of user and movie embeddings into the
/// interaction part of the predicted rating, which is added to the global mean and both biases.
/// </summary>
/// <remarks>
/// <para>The model predicts r(u, i) = mu + b_u + b_i + head(p_u, q_i) (Koren, Bell and Volinsky 2009, "Matrix
/// factorization techniques for recommender systems", with the dot product generalised to any network).</para>
/// <para>The simple case: derive from this class, build the layers in the constructor, call
/// <c>RegisterComponents()</c> last, and implement <c>forward(userEmbeddings [B, k], movieEmbeddings [B, k])</c>
/// returning scores of shape [B]. Create it through <see cref="HeadFactory.Create"/>, because the embedding size and
/// the table sizes are only known when training starts.</para>
/// <para>More: a head may declare its own per-user and per-movie tables in its constructor
/// (<see cref="AddUserTable"/>, <see cref="AddMovieTable"/>, read in <c>forward</c> with <see cref="UserRows"/> and
/// <see cref="MovieRows"/>: updated row by row like the embeddings, saved and loaded with the model), may read the
/// batch's dense indexes (<see cref="UserIndices"/>, <see cref="MovieIndices"/>), and may add a term to the training
/// loss (<see cref="Penalty"/>). Fields of type <c>Tensor</c> become buffers and are saved with the model; use
/// <c>[ComponentName]</c> to keep saved names stable when renaming fields. Disposing a head disposes its
/// sub-modules.</para>
/// </remarks>
public abstract class FactorizationHead : nn.Module<Tensor, Tensor, Tensor>
{
    [ThreadStatic]
    private static HeadBatch? s_batch;

    private readonly List<HeadTable> _tables = [];
    private readonly HeadContext? _context;

    /// <summary>Creates a head; <paramref name="name"/> names the module in TorchSharp diagnostics.</summary>
    protected FactorizationHead(string name) : base(name)
    {
    }

    /// <summary>Creates a head that can declare its own tables (the context gives their row counts).</summary>
    /// <param name="name">Names the module in TorchSharp diagnostics.</param>
    /// <param name="context">The context the factory received.</param>
    protected FactorizationHead(string name, HeadContext context) : base(name)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
    }

    /// <summary>The head's own per-user and per-movie tables, in the order they were declared.</summary>
    public IReadOnlyList<HeadTable> Tables => _tables;

    /// <summary>The batch's dense user indexes, shape [B] (int64); valid inside <c>forward</c> and <see cref="Penalty"/>.</summary>
    /// <exception cref="InvalidOperationException">Read outside a scoring call.</exception>
    protected Tensor UserIndices => CurrentBatch.UserIndices;

    /// <summary>The batch's dense movie indexes, shape [B] (int64); valid inside <c>forward</c> and <see cref="Penalty"/>.</summary>
    /// <exception cref="InvalidOperationException">Read outside a scoring call.</exception>
    protected Tensor MovieIndices => CurrentBatch.MovieIndices;

    /// <summary>
    /// Declares a per-user table of <paramref name="width"/> columns, initialised from a normal distribution with
    /// standard deviation <paramref name="initialStandardDeviation"/> (seeded by the trainer). The trainer updates only
    /// the rows a batch touches, with the optimizer and L2 penalty of the embeddings; the model saves it.
    /// </summary>
    /// <remarks>The table is registered as a buffer named <paramref name="name"/>; read its rows with <see cref="UserRows"/>
    /// (do not keep it in a field: <c>RegisterComponents</c> would register it a second time).</remarks>
    /// <exception cref="InvalidOperationException">The head was not created with a <see cref="HeadContext"/>.</exception>
    /// <exception cref="ArgumentException">The name is empty or already used, or the width is out of range.</exception>
    protected void AddUserTable(string name, int width, float initialStandardDeviation = 0.01f) =>
        AddTable(name, width, initialStandardDeviation, isUserTable: true);

    /// <summary>Declares a per-movie table; see <see cref="AddUserTable"/>.</summary>
    /// <exception cref="InvalidOperationException">The head was not created with a <see cref="HeadContext"/>.</exception>
    /// <exception cref="ArgumentException">The name is empty or already used, or the width is out of range.</exception>
    protected void AddMovieTable(string name, int width, float initialStandardDeviation = 0.01f) =>
        AddTable(name, width, initialStandardDeviation, isUserTable: false);

    /// <summary>The rows of the user table <paramref name="name"/> for the batch, shape [B, width]; call inside <c>forward</c>.</summary>
    /// <exception cref="InvalidOperationException">Called outside a scoring call.</exception>
    /// <exception cref="KeyNotFoundException">No user table of that name was declared.</exception>
    protected Tensor UserRows(string name) => CurrentBatch.Rows(this, name, isUserTable: true);

    /// <summary>The rows of the movie table <paramref name="name"/> for the batch, shape [B, width]; call inside <c>forward</c>.</summary>
    /// <exception cref="InvalidOperationException">Called outside a scoring call.</exception>
    /// <exception cref="KeyNotFoundException">No movie table of that name was declared.</exception>
    protected Tensor MovieRows(string name) => CurrentBatch.Rows(this, name, isUserTable: false);

    /// <summary>
    /// An extra term for the training loss of the current batch, or <see langword="null"/> (the default) for none.
    /// Called once per training batch right after <c>forward</c>, so it may use what <c>forward</c> computed and the
    /// batch's rows and indexes. The loss it is added to is 1/2 sum (prediction - rating)^2 over the batch plus the
    /// L2 terms, so a penalty on the batch should be summed over it, not averaged.
    /// </summary>
    /// <returns>A scalar tensor, or <see langword="null"/>.</returns>
    public virtual Tensor? Penalty() => null;

    /// <summary>
    /// Called when the model's embeddings and biases were just copied from a trained dot-product model: a head that
    /// can start as the dot product (p_u . q_i) sets its weights so; the default does nothing and returns false.
    /// </summary>
    /// <returns>Whether the head now scores as the dot product.</returns>
    internal virtual bool StartAsDotProduct() => false;

    /// <summary>Disposes the head's sub-modules (a TorchSharp container's Dispose leaves its children alive), then the head.</summary>
    /// <param name="disposing">Whether managed resources are being released.</param>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var module in modules().ToList())
            {
                if (!ReferenceEquals(module, this)) module.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    /// <summary>Scores a batch through <c>call</c> (so TorchSharp hooks run), with the batch's indexes and table rows in scope.</summary>
    internal Tensor Score(Tensor userEmbeddings, Tensor movieEmbeddings, HeadBatch batch)
    {
        var previous = s_batch;
        s_batch = batch;
        try
        {
            return call(userEmbeddings, movieEmbeddings);
        }
        finally
        {
            s_batch = previous;
        }
    }

    /// <summary>Runs <see cref="Penalty"/> with the batch in scope.</summary>
    internal Tensor? ScorePenalty(HeadBatch batch)
    {
        var previous = s_batch;
        s_batch = batch;
        try
        {
            return Penalty();
        }
        finally
        {
            s_batch = previous;
        }
    }

    private static HeadBatch CurrentBatch =>
        s_batch ?? throw new InvalidOperationException("The batch's indexes and table rows are only available inside forward and Penalty while the model scores a batch.");

    /// <summary>The tensor of a declared table (looked up by name, so it follows the head across devices).</summary>
    internal Tensor TableTensor(HeadTable table) =>
        named_buffers(recurse: false).First(b => b.name == table.Name).buffer;

    private void AddTable(string name, int width, float initialStandardDeviation, bool isUserTable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 65536);
        if (!(initialStandardDeviation >= 0 && float.IsFinite(initialStandardDeviation)))
        {
            throw new ArgumentOutOfRangeException(nameof(initialStandardDeviation), initialStandardDeviation, "The initial standard deviation must be a finite number >= 0.");
        }
        var context = _context ?? throw new InvalidOperationException(
            $"Head {GetType().Name} declares a table: pass the HeadContext to the FactorizationHead(name, context) constructor.");
        if (_tables.Any(t => t.Name == name)) throw new ArgumentException($"Head table '{name}' is declared twice.", nameof(name));
        long rows = isUserTable ? context.UserCount : context.MovieCount;
        Tensor table;
        using (no_grad())
        {
            table = randn(rows, width).mul_(initialStandardDeviation);
        }
        register_buffer(name, table);
        _tables.Add(new HeadTable(name, isUserTable, width));
    }
}
