package io.userflowsync.trigger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ContentTypeSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/x-www-form-urlencoded", "text/plain; charset=utf-8",
            "text/plain;charset=UTF-8", "multipart/form-data; boundary=x", "text/plain; charset=\"utf-8\"",
            "text/plain; a=\"\"", "text/plain; a=\"\\\"\"", "text/plain;", "text/plain;;", "text/plain ; a=b ;",
            "*/*", "application/vnd.github+json", "text/plain; a=\"x y\\\\\""})
    void wellFormedValuesPass(String value) {
        assertThat(ContentTypeSyntax.isWellFormed(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "application", "application/", "/json", ";;;==", "text/plain; charset=\"",
            "text/plain; charset=\"utf-8", "text/plain; charset=\"\\\"", "text/plain; charset", "text/plain; =utf-8",
            "text/plain; charset=", "text/plain; charset=a b", "text/plain; charset=\"a\"b", "application/\u0000",
            "text/pl\u00e4in", "text/plain; a=\"\u0001\"", "text/plain, text/html", "text/plain; a=b c=d"})
    void malformedValuesFail(String value) {
        assertThat(ContentTypeSyntax.isWellFormed(value)).isFalse();
    }
}
