package io.github.rnnkit.presets.seq2seq;

/** How the decoder looks at the encoder's outputs. */
public enum Attention {
    /**
     * No attention: the decoder sees the source only through the encoder summary fed at every step (the
     * ablation; Sutskever et al. 2014 / Cho et al. 2014 style).
     */
    NONE,
    /**
     * Multiplicative ("general", Luong et al. 2015): {@code score(t, s) = h_t . W e_s}, a learned projection of
     * the encoder outputs compared with the decoder state by dot product.
     */
    MULTIPLICATIVE,
    /**
     * Additive (Bahdanau et al. 2015): {@code score(t, s) = v . tanh(W e_s + U h_t)}.
     */
    ADDITIVE
}
