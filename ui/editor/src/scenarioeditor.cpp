#include "pusher/editor/scenarioeditor.h"

#include "editcommand.h"
#include "pusher/editor/workerlistmodel.h"

#include <pusher/config.h>
#include <pusher/data/datatable.h>
#include <pusher/run/hostfile.h>
#include <pusher/run/scenariorun.h>
#include <pusher/scenario/duration.h>
#include <pusher/scenario/typed.h>

#include <QAbstractItemDelegate>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHelpEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QWheelEvent>
#include <QResizeEvent>
#include <QScopedValueRollback>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMultiHash>
#include <QPainter>
#include <QPen>
#include <QPlainTextEdit>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QPointer>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSet>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyledItemDelegate>
#include <QStyle>
#include <QTableView>
#include <QTableWidget>
#include <QThreadPool>
#include <QTimer>
#include <QToolButton>
#include <QToolTip>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

namespace pusher {

namespace {

// KeptSelection is the selection model of the workers table and of a flow's step list.
// While `refuses(row)` says so (the form holds text that is not a value, which showing
// another worker or step would drop) it leaves the current row and the selection where they
// are: a click or a key on another row changes nothing, and `refuses` says why
// (ScenarioEditor::keepsWorker, keepsStep).
class KeptSelection : public QItemSelectionModel {
public:
    using QItemSelectionModel::QItemSelectionModel;
    using QItemSelectionModel::select;
    std::function<bool(int row)> refuses;

    void setCurrentIndex(const QModelIndex& index, SelectionFlags command) override {
        if (index.isValid() && leaves(index.row()))
            return;
        QItemSelectionModel::setCurrentIndex(index, command);
    }
    void select(const QItemSelection& selection, SelectionFlags command) override {
        if (command.testAnyFlags(Select | Toggle)) {
            for (const QItemSelectionRange& range : selection) {
                for (int row = range.top(); row <= range.bottom(); ++row) {
                    if (leaves(row))
                        return;
                }
            }
        }
        QItemSelectionModel::select(selection, command);
    }

private:
    [[nodiscard]] bool leaves(int row) const {
        const QModelIndex current = currentIndex();
        return refuses && current.isValid() && row != current.row() && refuses(row);
    }
};

QString S(const char16_t* text) {
    return QString::fromUtf16(text);
}

// kInvalidBackground tints table cells with a problem; translucent so that it reads on
// light and dark palettes alike.
const QColor kInvalidBackground(214, 69, 69, 80);
// kWarningBackground tints what a warning is about (amber: it runs, but a part of it means
// nothing); a problem's red wins.
const QColor kWarningBackground(230, 160, 0, 80);
// kInvalidFrame and kWarningFrame frame a field with a problem, or one a warning is about
// (the style sheet's colours in buildUi).
const QColor kInvalidFrame(0xd6, 0x45, 0x45);
const QColor kWarningFrame(0xd9, 0x9a, 0x00);

// paintProblemFrame frames `box` red (amber for a warning) over its own look, when its
// "invalid" ("warning") property is set. A style sheet's border on a spin box or a combo box
// makes Qt draw the whole box in the style-sheet style: the spin boxes' buttons were left
// blank, a combo's drop-down became a small bare button unlike every other combo's.
void paintProblemFrame(QWidget* box) {
    const bool invalid = box->property("invalid").toBool();
    if (!invalid && !box->property("warning").toBool())
        return;
    QPainter painter(box);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(invalid ? kInvalidFrame : kWarningFrame, 2));
    painter.setBrush(Qt::NoBrush);
    painter.drawRoundedRect(QRectF(box->rect()).adjusted(1, 1, -1, -1), 3, 3);
}

// FramedCombo is a combo box that keeps its drop-down's look when framed (paintProblemFrame).
// stepping() is true while a key or the wheel moves the closed combo from item to item (Down,
// Up, a first letter), not while an item is chosen in its opened list: the editor makes such
// steps one undo step (fieldEdited).
class FramedCombo : public QComboBox {
public:
    [[nodiscard]] bool stepping() const { return m_stepping; }

protected:
    void paintEvent(QPaintEvent* event) override {
        QComboBox::paintEvent(event);
        paintProblemFrame(this);
    }
    void keyPressEvent(QKeyEvent* event) override {
        const QScopedValueRollback<bool> stepping(m_stepping, true);
        QComboBox::keyPressEvent(event);
    }
#if QT_CONFIG(wheelevent)
    void wheelEvent(QWheelEvent* event) override {
        const QScopedValueRollback<bool> stepping(m_stepping, true);
        QComboBox::wheelEvent(event);
    }
#endif

private:
    bool m_stepping = false;
};

// Lenient spin boxes take what is typed, as the text fields take any text. A number goes
// into the scenario even out of the field's range, and the validator lists why ("Error ratio:
// must be from 0 to 1", "Ranks: must be from 1 to 1024"), the field framed red. Text that is
// no number the box can hold ("-", "abc", "1,5" for a whole number, 5 decimals where it shows
// 3, nothing at all) stays as typed, through Tab and Return, and is the editor's own problem
// ("Connections: "abc" is not a whole number"), as a duration field's text is: the scenario
// keeps its value. Held to the range or to its own syntax, the box refused a key ("1.5" as
// the error ratio ended "1.", "-" in Connections, the "e" of "1e99", which then read 199), put
// its value back when the focus left it ("-4" in RPS, 0 Ranks) or read "1,5" as 15, and said
// nothing. The arrow keys and the wheel keep to the range, and the box is as wide as the
// range's numbers, not the wide range's. All read and write the C locale, as the file does.
template <class Box>
class Lenient : public Box {
public:
    using Value = std::remove_cvref_t<decltype(std::declval<const Box&>().value())>;
    Lenient() { this->setLocale(QLocale::c()); }
    // setRanges: `lo`..`hi` is the field's range (the arrows', the width's); what is typed may
    // be anything from `typedLo` to `typedHi`.
    void setRanges(Value lo, Value hi, Value typedLo, Value typedHi) {
        m_lo = lo;
        m_hi = hi;
        Box::setRange(typedLo, typedHi);
    }
    // setLeastWord shows `word` for the range's least value ("as needed" for 0 connections);
    // the word typed reads as that value, and a lower number typed is still taken. (The box
    // is as wide as the word needs; at 1024x700 the connections' field has room for
    // "as needed", where "as many as needed" read "as many as need".)
    void setLeastWord(const QString& word) { m_word = word; }
    // setTakesPercent: a share, typed as a fraction or a percentage ("5%" is 0.05), as a
    // threshold's error_rate takes it; "5%" was "not a number".
    void setTakesPercent(bool on) { m_percent = on; }
    // problem is why the box's text is no value it can hold, or empty (the value in `value`).
    QString problem(Value* value = nullptr) const {
        return problemOf(this->lineEdit()->text(), value);
    }
    QString problemOf(const QString& text, Value* value = nullptr) const {
        const QString typed = bare(text);
        if (!m_word.isEmpty() && typed.compare(m_word, Qt::CaseInsensitive) == 0) {
            if (value)
                *value = m_lo;
            return {};
        }
        constexpr bool whole = std::is_integral_v<Value>;
        if (typed.isEmpty())
            return whole ? ScenarioEditor::tr("is required (a whole number)")
                         : ScenarioEditor::tr("is required (a number)");
        // Read as a stage's RPS cell and Live Rates read it (pusher/scenario/typed.h): a
        // point for decimals, a comma where it can only be one ("1,5"), never a thousands
        // separator ("1,500" is said to be ambiguous), whatever the system's locale.
        QString why;
        const std::optional<double> read =
            m_percent ? readRatio(typed, &why) : readNumber(typed, &why);
        if (!read)
            return whole && why == QStringLiteral("\"%1\" is not a number").arg(typed)
                       ? ScenarioEditor::tr("\"%1\" is not a whole number").arg(typed)
                       : why;
        const double number = *read;
        if (number < double(this->minimum()) || number > double(this->maximum()))
            return ScenarioEditor::tr("\"%1\" is out of range (%2 to %3)")
                .arg(typed, shown(m_lo), shown(m_hi));
        if constexpr (whole) {
            if (number != std::trunc(number))
                return ScenarioEditor::tr("\"%1\" is not a whole number").arg(typed);
            if (value)
                *value = Value(number);
        } else {
            // More decimals than the box shows were rounded away when the focus left it.
            if (QLocale::c().toDouble(QString::number(number, 'f', this->decimals())) != number)
                return this->decimals() == 1
                           ? ScenarioEditor::tr("\"%1\" has more than 1 decimal").arg(typed)
                           : ScenarioEditor::tr("\"%1\" has more than %2 decimals")
                                 .arg(typed, QString::number(this->decimals()));
            if (value)
                *value = number;
        }
        return {};
    }
    QLineEdit* edit() const { return this->lineEdit(); }
    QSize sizeHint() const override { return narrowed(Box::sizeHint()); }
    QSize minimumSizeHint() const override { return narrowed(Box::minimumSizeHint()); }
    void stepBy(int steps) override {
        const Value v = this->value();
        const Value to = v + Value(steps) * this->singleStep();
        if (v >= m_lo && v <= m_hi && (to < m_lo || to > m_hi)) {
            this->setValue(std::clamp(to, m_lo, m_hi));
            this->selectAll();
            return;
        }
        Box::stepBy(steps);
    }
    QString textFromValue(Value v) const override {
        return !m_word.isEmpty() && v == m_lo ? m_word : Box::textFromValue(v);
    }
    Value valueFromText(const QString& text) const override {
        Value v{};
        return problemOf(text, &v).isEmpty() ? v : this->value();
    }
    QValidator::State validate(QString& text, int&) const override {
        return problemOf(text).isEmpty() ? QValidator::Acceptable : QValidator::Intermediate;
    }
    void fixup(QString&) const override {} // QSpinBox's made "1,5" 15 when the focus left

protected:
    typename Box::StepEnabled stepEnabled() const override {
        typename Box::StepEnabled on = Box::stepEnabled();
        if (this->value() <= m_lo)
            on &= ~Box::StepDownEnabled;
        if (this->value() >= m_hi)
            on &= ~Box::StepUpEnabled;
        return on;
    }
    // QAbstractSpinBox puts the value's text back over text it cannot read when the focus
    // leaves, on Return and when it is shown: such text stays, the user's until corrected.
    void focusOutEvent(QFocusEvent* event) override {
        keepingText([&] { Box::focusOutEvent(event); });
    }
    void showEvent(QShowEvent* event) override {
        keepingText([&] { Box::showEvent(event); });
    }
    // The box is framed red (amber for a warning) over its own look, its arrows kept.
    void paintEvent(QPaintEvent* event) override {
        Box::paintEvent(event);
        paintProblemFrame(this);
    }
    void keyPressEvent(QKeyEvent* event) override {
        if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) &&
            !problem().isEmpty()) {
            this->selectAll(); // as the box does on Return, without its value over the text
            event->ignore();
            emit this->editingFinished();
            return;
        }
        Box::keyPressEvent(event);
    }

private:
    // bare is the text without the box's prefix and suffix ("-4" of "-4 rps"), which the box
    // puts back around what is typed.
    // shown is `v` as the box shows it, its least value too (0, not "as needed").
    QString shown(Value v) const {
        if constexpr (std::is_integral_v<Value>)
            return QString::number(v);
        else
            return this->textFromValue(v);
    }
    QString bare(const QString& text) const {
        QString digits = text.trimmed();
        if (const QString p = this->prefix().trimmed(); !p.isEmpty() && digits.startsWith(p))
            digits.remove(0, p.size());
        if (const QString s = this->suffix().trimmed(); !s.isEmpty() && digits.endsWith(s))
            digits.chop(s.size());
        return digits.trimmed();
    }
    template <class F>
    void keepingText(F&& base) {
        const QString text = this->lineEdit()->text();
        if (problem().isEmpty()) {
            base();
            return;
        }
        const int cursor = this->lineEdit()->cursorPosition();
        const QSignalBlocker block(this->lineEdit()); // the text is not changed, in the end
        base();
        if (this->lineEdit()->text() != text) {
            this->lineEdit()->setText(text);
            this->lineEdit()->setCursorPosition(cursor);
        }
    }
    int textWidth(Value lo, Value hi) const {
        const QFontMetrics fm = this->fontMetrics();
        int width = fm.horizontalAdvance(this->specialValueText());
        for (const Value v : {lo, hi}) // as QAbstractSpinBox::sizeHint measures them
            width = std::max(width, fm.horizontalAdvance(this->textFromValue(v).left(18) +
                                                         this->prefix() + this->suffix() + u' '));
        return width;
    }
    // narrowed is the box's size for the range's numbers (and word) rather than the typed
    // range's, which QAbstractSpinBox measures.
    QSize narrowed(QSize size) const {
        size.rwidth() += textWidth(m_lo, m_hi) - textWidth(this->minimum(), this->maximum());
        return size;
    }
    Value m_lo = 0;
    Value m_hi = 99;
    QString m_word;
    bool m_percent = false;
};

// A whole number: any int typed.
using IntSpinBox = Lenient<QSpinBox>;
constexpr int kTypedIntMin = std::numeric_limits<int>::min();
constexpr int kTypedIntMax = std::numeric_limits<int>::max();
constexpr double kTypedMax = 1e15;

void setRanges(IntSpinBox* s, int lo, int hi) {
    s->setRanges(lo, hi, kTypedIntMin, kTypedIntMax);
}

// NumberSpinBox shows its value without trailing zeros ("200", not "200.000") and reads
// what it shows: digits with or without its prefix and suffix ("200", "200 rps").
class NumberSpinBox : public Lenient<QDoubleSpinBox> {
public:
    void setRange(double lo, double hi) { setRanges(lo, hi, -kTypedMax, kTypedMax); }
    QString textFromValue(double value) const override {
        QString text = QLocale::c().toString(value, 'f', decimals());
        if (text.contains(u'.')) {
            while (text.endsWith(u'0'))
                text.chop(1);
            if (text.endsWith(u'.'))
                text.chop(1);
        }
        return text;
    }
    // A comma typed is the decimal point where it can be nothing else (a keypad's decimal key
    // gives one in many layouts): the C locale read it as a group separator, so "1,5" became
    // 15 rps and "0,05" as an error ratio 0. It shows as the point it is read as once the
    // typing ends. It was made a point at the key, so "1,500" read 1.5 where a stage's cell
    // refused it: the same keys, two readings; the text is now kept until it is read whole.
};

QString number(double v) {
    QString text = QLocale::c().toString(v, 'f', 3);
    while (text.contains(u'.') && (text.endsWith(u'0') || text.endsWith(u'.')))
        text.chop(1);
    return text;
}

// help sets the tooltip a widget shows when it has no problem; the problem marks append to it.
template <class W>
W* named(W* widget, const char* objectName, const QString& help) {
    widget->setObjectName(QString::fromLatin1(objectName));
    widget->setToolTip(help);
    widget->setProperty("pusherHelp", help);
    return widget;
}

// PlaceholderEdit is a line edit at least as wide as its placeholder, so that a form holding
// it is never too narrow for the hint. (The HTTP form's timeout showed "e.g. 250ms, 1m30s"
// whole at 1024x700 only because the Connections box, then showing "as many as needed",
// made the form wide enough; with "as needed" it had 114 px of the 116 it needs.)
class PlaceholderEdit : public QLineEdit {
public:
    QSize minimumSizeHint() const override {
        QSize size = QLineEdit::minimumSizeHint();
        const int frame = style()->pixelMetric(QStyle::PM_DefaultFrameWidth, nullptr, this);
        const QMargins margins = textMargins();
        // QLineEdit's text has 2 px either side inside the frame.
        size.setWidth(std::max(size.width(), fontMetrics().horizontalAdvance(placeholderText()) +
                                                 2 * frame + 4 + margins.left() + margins.right()));
        return size;
    }
};

// durationEdit is a duration's field; `ownRow`: it has a row of its own, as wide as its
// placeholder at least (fields sharing a row, Duration and Interval, take what they get).
QLineEdit* durationEdit(const char* objectName, const QString& help, bool ownRow = false) {
    auto* e = named(ownRow ? new PlaceholderEdit : new QLineEdit, objectName,
                    help + S(u"\nA duration such as 250ms, 30s, 1m30s or 1.5h."));
    e->setPlaceholderText(S(u"e.g. 250ms, 1m30s"));
    return e;
}

// kProblemRows is how many problems the list shows before it scrolls.
constexpr int kProblemRows = 4;

// ProblemList is as tall as its rows (one problem: one row), up to kProblemRows and at most
// its room (setRoom); more scroll, the first row always whole. A list of a fixed height took
// ~190 px for one problem at 1024x700, which the worker form above it lost; four long lines
// (each wrapped to two or four) took 178 px, and the form kept 71 px of its 253.
class ProblemList : public QListWidget {
public:
    ProblemList() { setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed); }
    // setRoom: the list is at most `room` px tall, frame included (0: as tall as its rows).
    void setRoom(int room) {
        if (room == m_room)
            return;
        m_room = room;
        updateGeometry();
    }
    QSize sizeHint() const override { return {QListWidget::sizeHint().width(), fitHeight()}; }
    QSize minimumSizeHint() const override {
        return {QListWidget::minimumSizeHint().width(), fitHeight()};
    }

protected:
    void resizeEvent(QResizeEvent* event) override {
        QListWidget::resizeEvent(event);
        if (event->size().width() != event->oldSize().width())
            updateGeometry(); // wrapped at another width, the rows' heights change
    }

private:
    int fitHeight() const {
        int height = 0;
        int first = 0;
        for (int row = 0; row < std::min(count(), kProblemRows); ++row) {
            const int rowHeight = std::max(rectForIndex(indexFromItem(item(row))).height(), 1);
            if (row == 0)
                first = rowHeight;
            height += rowHeight;
        }
        if (m_room > 0)
            height = std::min(height, std::max(first, m_room - 2 * frameWidth()));
        return height + 2 * frameWidth();
    }

    int m_room = 0;
};

// `spoken` is what a screen reader calls it: a button of signs ("+", "…") or an arrow was
// said as those signs, or as its group's title.
QToolButton* toolButton(const char* objectName, const QString& text, const QString& help,
                        const QString& spoken = QString()) {
    auto* b = named(new QToolButton, objectName, help);
    b->setText(text);
    b->setAccessibleName(spoken);
    b->setAutoRaise(false);
    return b;
}

void setText(QLineEdit* e, const QString& text) {
    if (e->text() == text)
        return;
    e->setText(text);
    if (!e->hasFocus())
        e->setCursorPosition(0); // a long name or URL shows its start, not its end
}

void setPlainText(QPlainTextEdit* e, const QString& text) {
    if (e->toPlainText() != text)
        e->setPlainText(text);
}

// setValue shows `v` in `s`, unless it shows it already; text that is no number (typed, then
// taken back by Undo) gives way to the value even when the value is the same.
void setValue(QDoubleSpinBox* s, double v) {
    if (s->value() != v || !s->hasAcceptableInput())
        s->setValue(v);
}

void setValue(QSpinBox* s, qint64 v) {
    if (s->value() != v || !s->hasAcceptableInput())
        s->setValue(int(std::clamp<qint64>(v, s->minimum(), s->maximum())));
}

void setIndex(QComboBox* c, int i) {
    if (c->currentIndex() != i)
        c->setCurrentIndex(i);
}

// The methods a Method combo offers; another one shown is an item after them (setMethod).
const QStringList& offeredMethods() {
    static const QStringList methods{S(u"GET"),    S(u"POST"), S(u"PUT"),    S(u"PATCH"),
                                     S(u"DELETE"), S(u"HEAD"), S(u"OPTIONS")};
    return methods;
}

// showMethod shows a method in an editable Method combo as its current item, so that what
// the field shows is the item the list marks and Up and Down move from. setCurrentText alone
// only wrote the text over the first item (GET): a step's POST read "POST" while the combo
// stood at GET, so Up did nothing and Down showed POST again. A method it does not offer
// (PURGE) is an item of its own after the offered ones, the one such item: written over the
// item it stood at, a PURGE typed read "PURGE" with PUT marked in the list (where typing
// "PU" had passed), then, shown again after another worker's GET, with GET marked; Up and
// Down went from there. An offered method drops that item: the list offers the worker's
// method and no other. The combo's signals are held: the scenario already has the method.
void showMethod(QComboBox* c, const QString& method) {
    const QSignalBlocker block(c);
    const qsizetype offered = offeredMethods().size();
    const int i = int(offeredMethods().indexOf(method));
    if (i >= 0 || method.isEmpty()) {
        c->setCurrentIndex(i);
        while (c->count() > offered)
            c->removeItem(c->count() - 1);
    } else {
        if (c->count() > offered)
            c->setItemText(int(offered), method);
        else
            c->addItem(method);
        c->setCurrentIndex(int(offered));
    }
    if (c->currentText() != method)
        c->setEditText(method);
}

// setMethod shows the scenario's method (showMethod), unless it is being typed (the form
// shown again while the field is edited): that is left to the typing's end, settleMethod;
// setting the item's text would set the field's, the cursor sent to its end.
void setMethod(QComboBox* c, const QString& method) {
    if (c->lineEdit()->hasFocus() && c->lineEdit()->text() == method)
        return;
    showMethod(c, method);
}

// settleMethod makes the method in a Method combo's field its current item and the list the
// offered methods and at most that one, when a choice ends: the typing's end (Return, Tab,
// the focus leaving), an item chosen in the list (the mouse, or the keyboard and Return), and
// before the list opens. While the field is edited the typed method stays an item, so that
// Up from PURGE to OPTIONS and Down go back to it. The combo's own handling chooses an
// offered method typed ("put" or "PU" completed: PUT) and leaves any other text over the
// item it stood at. A PURGE typed, then GET chosen (typed and Return, Up and Tab, picked in
// the list), stayed an item of the list until the worker was shown again.
void settleMethod(QComboBox* c) {
    const QString typed = c->lineEdit()->text();
    const qsizetype offered = offeredMethods().size();
    const bool stale = c->count() > offered && c->itemText(int(offered)) != typed;
    if (stale || c->currentIndex() < 0 || c->itemText(c->currentIndex()) != typed)
        showMethod(c, typed);
}

// MethodCombo is an editable Method combo: the offered methods and one typed (settleMethod).
// QComboBox says an item "activated" for the arrow keys and the wheel too: those move
// through the list, the typed method kept in it; Return, a click or Return in the list
// choose.
class MethodCombo : public FramedCombo {
public:
    MethodCombo() {
        setEditable(true);
        addItems(offeredMethods());
        setInsertPolicy(QComboBox::NoInsert);
        connect(lineEdit(), &QLineEdit::editingFinished, this, [this] { settleMethod(this); });
        connect(this, &QComboBox::activated, this, [this] {
            if (!m_moving)
                settleMethod(this);
        });
    }
    void showPopup() override {
        settleMethod(this);
        FramedCombo::showPopup();
    }

protected:
    void keyPressEvent(QKeyEvent* event) override {
        static const QList<int> moves{Qt::Key_Up,       Qt::Key_Down, Qt::Key_PageUp,
                                      Qt::Key_PageDown, Qt::Key_Home, Qt::Key_End};
        m_moving = moves.contains(event->key());
        FramedCombo::keyPressEvent(event);
        m_moving = false;
    }
#if QT_CONFIG(wheelevent)
    void wheelEvent(QWheelEvent* event) override {
        m_moving = true;
        FramedCombo::wheelEvent(event);
        m_moving = false;
    }
#endif
    // Leaving the field, the combo makes a method typed in another case the offered one
    // ("get" GET, "PU" PUT): that is the typing's end, part of its undo step. `left` is called
    // once it is done (the editor ends the step there, not before the combo's own handling).
    void focusOutEvent(QFocusEvent* event) override {
        FramedCombo::focusOutEvent(event);
        if (left)
            left(event->reason());
    }

public:
    std::function<void(Qt::FocusReason)> left;

private:
    bool m_moving = false;
};

// hostList reads a list of hosts typed with commas or spaces between them, as the statuses
// are read (splitList).
QStringList hostList(const QString& text) {
    return splitList(text);
}

void setChecked(QAbstractButton* b, bool on) {
    if (b->isChecked() != on)
        b->setChecked(on);
}

// FittingStack is a QStackedWidget as tall as its current page rather than its tallest, so
// that short pages leave no gap and tall ones are never squeezed.
class FittingStack : public QStackedWidget {
public:
    FittingStack() {
        layout()->setSizeConstraint(QLayout::SetNoConstraint);
        connect(this, &QStackedWidget::currentChanged, this, [this] { updateGeometry(); });
    }
    QSize sizeHint() const override {
        return currentWidget() ? currentWidget()->sizeHint() : QStackedWidget::sizeHint();
    }
    QSize minimumSizeHint() const override {
        return currentWidget() ? currentWidget()->minimumSizeHint()
                               : QStackedWidget::minimumSizeHint();
    }
};

// WorkersHeader is the workers table's horizontal header; contentsWidth says how wide a
// section is when it shows (its title, as the header sizes it, in its bold font), also while
// it is hidden: the header's own hint is 0 for a hidden section, and the title measured in
// the plain font is narrower ("Force" 37 px hidden, 42 px shown), so a column on the edge of
// fitting was shown by one fitting and hidden by the next, in turn.
class WorkersHeader : public QHeaderView {
public:
    explicit WorkersHeader(QWidget* parent)
        : QHeaderView(Qt::Horizontal, parent) {
        // as QTableView's own header
        setSectionsClickable(true);
    }
    int contentsWidth(int section) const {
        return std::clamp(sectionSizeFromContents(section).width(), minimumSectionSize(),
                          std::max(minimumSectionSize(), maximumSectionSize()));
    }
};

// IdentDelegate draws the workers table's ident cells as usual; an ident cut off (a long
// one, or beside the warning icon in a narrow dock) shows whole at the head of its tooltip,
// above the worker's problems or the column's help.
class IdentDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    bool helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
                   const QModelIndex& index) override {
        if (event->type() != QEvent::ToolTip || !index.isValid())
            return QStyledItemDelegate::helpEvent(event, view, option, index);
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
        // The text's room as the style draws it (less the icon and the margins).
        const QRect text = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, opt.widget);
        const int margin =
            style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, opt.widget) + 1;
        if (opt.fontMetrics.horizontalAdvance(opt.text) <= text.width() - 2 * margin)
            return QStyledItemDelegate::helpEvent(event, view, option, index);
        const QString tip = index.data(Qt::ToolTipRole).toString();
        QToolTip::showText(event->globalPos(),
                           tip.isEmpty() ? opt.text : opt.text + S(u"\n\n") + tip, view->viewport(),
                           option.rect);
        return true;
    }
};

// EndCellDelegate edits a table's (or the thresholds list's) cells as usual, and Tab in its
// last cell being typed into, or Shift+Tab in its first, commits the text and leaves the table
// for the next field (the one before), as Tab does from the table itself. Qt's delegate goes
// on to the next cell whatever the cell: from the last threshold it opened the same threshold
// again (the one-column list has no next), and from a header's value the header's name, so
// Tab never left a table being typed into, and Ctrl+Z, which a cell editor keeps for its own
// text, seemed to do nothing.
class EndCellDelegate : public QStyledItemDelegate {
public:
    explicit EndCellDelegate(QAbstractItemView* view)
        : QStyledItemDelegate(view)
        , m_view(view) {}
    bool eventFilter(QObject* object, QEvent* event) override {
        auto* editor = qobject_cast<QWidget*>(object);
        if (!editor || event->type() != QEvent::KeyPress)
            return QStyledItemDelegate::eventFilter(object, event);
        const auto* key = static_cast<QKeyEvent*>(event);
        const bool back = key->key() == Qt::Key_Backtab ||
                          (key->key() == Qt::Key_Tab && (key->modifiers() & Qt::ShiftModifier));
        const bool next = key->key() == Qt::Key_Tab && !back;
        const QModelIndex at = m_view->currentIndex();
        const QAbstractItemModel* model = m_view->model();
        if ((!next && !back) || !at.isValid() || !model)
            return QStyledItemDelegate::eventFilter(object, event);
        const auto* table = qobject_cast<const QTableView*>(m_view);
        const auto shown = [&](int column) { return !table || !table->isColumnHidden(column); };
        int first = 0;
        int last = model->columnCount(at.parent()) - 1;
        while (first < last && !shown(first))
            ++first;
        while (last > first && !shown(last))
            --last;
        const bool end = next ? at.row() == model->rowCount(at.parent()) - 1 && at.column() == last
                              : at.row() == 0 && at.column() == first;
        if (!end)
            return QStyledItemDelegate::eventFilter(object, event);
        emit commitData(editor);
        emit closeEditor(editor, QAbstractItemDelegate::NoHint);
        // The table has the focus again: the key it gets leaves it (tab key navigation is off).
        QKeyEvent leave(QEvent::KeyPress, next ? Qt::Key_Tab : Qt::Key_Backtab,
                        next ? Qt::NoModifier : Qt::ShiftModifier);
        QCoreApplication::sendEvent(m_view, &leave);
        return true;
    }

private:
    QAbstractItemView* m_view;
};

// showNewRow makes a row just added to a table of the worker form its current one, opens its
// first cell for typing when `edit`, and scrolls the form so that the row is in view. A table
// near the form's bottom (a step's Extract under its + button, at the dock's default height)
// got its new row below the form's edge: + seemed to do nothing and the keys went into a cell
// out of sight. The form is scrolled again once its layout has taken the row in.
// kNewRowAt names a table's property while a row added with + is being typed into: the undo
// stack's index right after the add (see the Esc handling in the constructor).
constexpr const char* kNewRowAt = "pusherNewRowAt";

void showNewRow(QScrollArea* scroll, QTableWidget* table, int row, bool edit) {
    if (row < 0)
        return;
    table->setFocus();
    table->setCurrentCell(row, 0);
    if (edit)
        table->editItem(table->item(row, 0));
    const auto reveal = [scroll = QPointer<QScrollArea>(scroll),
                         table = QPointer<QTableWidget>(table), row] {
        QWidget* form = scroll ? scroll->widget() : nullptr;
        if (!form || !table || !form->isAncestorOf(table) || row >= table->rowCount())
            return;
        if (QLayout* layout = form->layout())
            layout->activate();
        table->scrollToItem(table->item(row, 0));
        const QRect cell = table->visualItemRect(table->item(row, 0));
        const QPoint middle = table->viewport()->mapTo(form, cell.center());
        scroll->ensureVisible(middle.x(), middle.y(), cell.width() / 2, cell.height() / 2 + 4);
    };
    reveal();
    QTimer::singleShot(0, table, reveal);
}

// seedLatency switches `l` to `to`. A distribution whose values are all still 0 (never
// given) starts from the latency the worker had: the fixed 10ms of a new worker chosen as
// lognormal became median 0s and p99 0s, two problems on fields nobody had touched, and as
// uniform or normal a latency of 0 (every call at once). Values given before are kept, so
// going back to a distribution finds what it held.
void seedLatency(LatencySpec& l, LatencySpec::Distribution to) {
    using D = LatencySpec::Distribution;
    using namespace std::chrono_literals;
    const auto typical = [&]() -> Duration {
        switch (l.distribution) {
        case D::Fixed:
            return l.value;
        case D::Uniform:
            return (l.min + l.max) / 2;
        case D::Normal:
            return l.mean;
        case D::LogNormal:
            return l.median;
        }
        return {};
    };
    const Duration t = typical() > Duration::zero() ? typical() : Duration(10ms);
    const Duration zero = Duration::zero();
    switch (to) {
    case D::Fixed:
        if (l.value == zero)
            l.value = t;
        break;
    case D::Uniform:
        if (l.min == zero && l.max == zero) {
            l.min = t / 2;
            l.max = t * 3 / 2;
        }
        break;
    case D::Normal:
        if (l.mean == zero && l.stddev == zero) {
            l.mean = t;
            l.stddev = t / 4;
        }
        break;
    case D::LogNormal:
        if (l.median == zero && l.p99 == zero) {
            l.median = t;
            l.p99 = t * 4;
        }
        break;
    }
    l.distribution = to;
}

// ExtractDelegate edits a step's extractions as EndCellDelegate does, the Source column with a
// list of the four sources (json, regex, header, cookie): a text cell took any word and only
// the check said which four it knew. A source the list does not have (a file's) is shown as an
// item of its own, so that opening the cell changes nothing.
class ExtractDelegate : public EndCellDelegate {
public:
    static constexpr int SourceColumn = 1;
    using EndCellDelegate::EndCellDelegate;
    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                          const QModelIndex& index) const override {
        if (index.column() != SourceColumn)
            return EndCellDelegate::createEditor(parent, option, index);
        auto* combo = new QComboBox(parent);
        combo->addItems({S(u"json"), S(u"regex"), S(u"header"), S(u"cookie")});
        combo->setAccessibleName(ScenarioEditor::tr("Source"));
        // A source chosen in the list is the cell's at once, as one chosen with the keys.
        connect(combo, &QComboBox::activated, this,
                [this, combo] { emit const_cast<ExtractDelegate*>(this)->commitData(combo); });
        return combo;
    }
    void setEditorData(QWidget* editor, const QModelIndex& index) const override {
        auto* combo = qobject_cast<QComboBox*>(editor);
        if (!combo)
            return EndCellDelegate::setEditorData(editor, index);
        const QString source = index.data(Qt::EditRole).toString().trimmed();
        int at = combo->findText(source);
        if (at < 0 && !source.isEmpty()) {
            combo->addItem(source);
            at = combo->count() - 1;
        }
        combo->setCurrentIndex(std::max(0, at));
    }
    void setModelData(QWidget* editor, QAbstractItemModel* model,
                      const QModelIndex& index) const override {
        if (auto* combo = qobject_cast<QComboBox*>(editor))
            model->setData(index, combo->currentText(), Qt::EditRole);
        else
            EndCellDelegate::setModelData(editor, model, index);
    }
};

QStringList argsFromText(const QString& text) {
    QStringList lines = text.split(u'\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast(); // a trailing newline is not an empty argument
    return lines;
}

// escaped shows control characters as C escapes, so that "PING\r\n" survives a one-line
// field (and QPlainTextEdit, which turns \r\n into \n).
QString escaped(const QString& text) {
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        switch (c.unicode()) {
        case u'\\':
            out += S(u"\\\\");
            break;
        case u'\r':
            out += S(u"\\r");
            break;
        case u'\n':
            out += S(u"\\n");
            break;
        case u'\t':
            out += S(u"\\t");
            break;
        default:
            out += c;
        }
    }
    return out;
}

// unescaped reads what escaped writes; nullopt (and `why`) for an unknown escape.
std::optional<QString> unescaped(const QString& text, QString* why) {
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] != u'\\') {
            out += text[i];
            continue;
        }
        if (i + 1 == text.size()) {
            // Nothing follows: the message named the character after it, a NUL ("\▯").
            *why = ScenarioEditor::tr("a \"\\\" at the end escapes nothing (write \\\\ for a "
                                      "backslash)");
            return std::nullopt;
        }
        const QChar next = text[i + 1];
        if (next == u'\\')
            out += u'\\';
        else if (next == u'r')
            out += u'\r';
        else if (next == u'n')
            out += u'\n';
        else if (next == u't')
            out += u'\t';
        else {
            *why =
                ScenarioEditor::tr("unknown escape \"\\%1\" (use \\r, \\n, \\t or \\\\)").arg(next);
            return std::nullopt;
        }
        ++i;
    }
    return out;
}

QString invalidDuration(const QString& text) {
    if (text.isEmpty())
        return ScenarioEditor::tr("is required, e.g. 250ms");
    // A bare number ("10") said "invalid duration", not that only its unit was missing.
    static const QRegularExpression bare(S(u"^\\d+(?:\\.\\d+)?$"));
    if (bare.match(text).hasMatch())
        return ScenarioEditor::tr("\"%1\" needs a unit: %1s, %1ms, %1m").arg(text);
    // A space before the unit ("200 ms", "1m 30s", as people write it) said "invalid
    // duration", as for text that is none, and the examples beside it all have a unit.
    if (const QString joined = unspacedDuration(text); !joined.isEmpty())
        return ScenarioEditor::tr("\"%1\" has a space in it: write %2").arg(text, joined);
    return ScenarioEditor::tr("invalid duration \"%1\" (expected e.g. 250ms, 30s, 5m, 1h30m)")
        .arg(text);
}

// worded is a validator's message as the form says it: another worker named by its JSON path
// ("duplicate ident \"api\" (also workers[0])") is named by its row in the workers table,
// which is what the user sees ("(also the worker in row 1)"); the list line's tooltip keeps
// the JSON path of the problem, for the file.
QString worded(QString message) {
    static const QRegularExpression re(S(u"\\bworkers\\[(\\d+)\\]"));
    QRegularExpressionMatch m;
    for (qsizetype from = 0; (m = re.match(message, from)).hasMatch();) {
        const QString row =
            ScenarioEditor::tr("the worker in row %1").arg(m.captured(1).toLongLong() + 1);
        message.replace(m.capturedStart(), m.capturedLength(), row);
        from = m.capturedStart() + row.size();
    }
    return message;
}

const QRegularExpression& workerPathPattern() {
    static const QRegularExpression re(S(u"^workers\\[(\\d+)\\](?:\\.(.*))?$"));
    return re;
}

// thresholdIndex is i for the path "thresholds[i]", else -1.
int thresholdIndex(const QString& path) {
    static const QRegularExpression re(S(u"^thresholds\\[(\\d+)\\]$"));
    const QRegularExpressionMatch m = re.match(path);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

// thresholdPrefix is where the series a threshold names stands in its text: what is before the
// metric's dot (the last dot before the operator, as Threshold::parse reads it), without the
// spaces around it; {0, -1} when the threshold names no series (or has no operator).
struct Span {
    qsizetype at = 0;
    qsizetype size = -1;
};
Span thresholdPrefix(const QString& text) {
    static const QRegularExpression op(S(u"[<>=!]"));
    const qsizetype end = text.indexOf(op);
    if (end < 0)
        return {};
    const qsizetype dot = text.left(end).lastIndexOf(u'.');
    qsizetype b = 0;
    while (b < dot && text[b].isSpace())
        ++b;
    qsizetype e = dot;
    while (e > b && text[e - 1].isSpace())
        --e;
    return e > b ? Span{b, e - b} : Span{};
}

// renameSeries is `thresholds` with the series `from` named `to` instead: only a whole name
// (renaming "api" leaves "api-v2.p99" alone), and with `steps` the steps of a worker too
// ("api/login.p99" for "api"). The rest of each threshold's text stays as typed.
QStringList renameSeries(QStringList thresholds, const QString& from, const QString& to,
                         bool steps) {
    for (QString& t : thresholds) {
        const Span p = thresholdPrefix(t);
        if (p.size < 0)
            continue;
        const QStringView prefix = QStringView(t).mid(p.at, p.size);
        if (prefix == from)
            t.replace(p.at, p.size, to);
        else if (steps && prefix.startsWith(QString(from + u'/')))
            t.replace(p.at, from.size(), to);
    }
    return thresholds;
}

// nameable: a threshold can name a worker or step so called (Threshold::parse trims the
// prefix and ends it at an operator; a worker's ident ends at its first '/').
bool nameable(const QString& name, bool step) {
    static const QRegularExpression bad(S(u"[<>=!]"));
    return !name.isEmpty() && name == name.trimmed() && !name.contains(bad) &&
           (step || !name.contains(u'/'));
}

// seriesNames is every name a threshold can give: each worker's ident and each flow step's
// "ident/step", in order. An edit that changes none of them renames nothing. The steps a
// worker of another kind keeps in memory (a flow switched to http) give no series.
QStringList seriesNames(const Scenario& s) {
    QStringList names;
    for (const WorkerSpec& w : s.workers) {
        names.append(w.ident);
        if (w.target.kind != u"flow")
            continue;
        for (const StepSpec& step : w.target.steps)
            names.append(w.ident + u'/' + step.name);
    }
    return names;
}

// followRenames makes `after`'s thresholds follow a rename made since `before`, as an IDE's
// rename does: when exactly one worker's ident differs (the workers otherwise in the same
// rows), thresholds naming the old ident, or a step of it, name the new one; when no ident
// differs but exactly one flow step's name does, thresholds naming that step follow it.
// Nothing is rewritten into ambiguity or out of it: when the new name is another worker's
// (another step's of that flow), or the old one was shared, the thresholds stay as they were
// (the duplicate is a problem of its own, and the thresholds may mean the other one).
// `after.thresholds` starts from `before.thresholds`.
void followRenames(const Scenario& before, Scenario& after) {
    after.thresholds = before.thresholds;
    if (before.workers.size() != after.workers.size())
        return;
    auto count = [](const QList<WorkerSpec>& workers, const QString& ident) {
        return std::count_if(workers.begin(), workers.end(),
                             [&](const WorkerSpec& x) { return x.ident == ident; });
    };
    int renamed = -1;
    for (int i = 0; i < before.workers.size(); ++i) {
        if (before.workers[i].ident == after.workers[i].ident)
            continue;
        if (renamed >= 0)
            return; // two idents changed: a move, not a rename
        renamed = i;
    }
    if (renamed >= 0) {
        const QString& from = before.workers[renamed].ident;
        const QString& to = after.workers[renamed].ident;
        if (nameable(from, false) && nameable(to, false) && count(before.workers, from) == 1 &&
            count(after.workers, to) == 1)
            after.thresholds = renameSeries(before.thresholds, from, to, true);
        return;
    }
    int worker = -1;
    int step = -1;
    for (int i = 0; i < before.workers.size(); ++i) {
        const QList<StepSpec>& a = before.workers[i].target.steps;
        const QList<StepSpec>& b = after.workers[i].target.steps;
        if (a.size() != b.size())
            return; // a step added or removed
        for (int j = 0; j < a.size(); ++j) {
            if (a[j].name == b[j].name)
                continue;
            if (step >= 0)
                return; // two names changed: a move
            worker = i;
            step = j;
        }
    }
    if (step < 0)
        return;
    const WorkerSpec& w = after.workers[worker];
    const QList<StepSpec>& was = before.workers[worker].target.steps;
    auto named = [](const QList<StepSpec>& steps, const QString& name) {
        return std::count_if(steps.begin(), steps.end(),
                             [&](const StepSpec& x) { return x.name == name; });
    };
    const QString& from = was[step].name;
    const QString& to = w.target.steps[step].name;
    if (w.target.kind == u"flow" && nameable(w.ident, false) &&
        count(after.workers, w.ident) == 1 && nameable(from, true) && nameable(to, true) &&
        named(was, from) == 1 && named(w.target.steps, to) == 1)
        after.thresholds =
            renameSeries(before.thresholds, w.ident + u'/' + from, w.ident + u'/' + to, false);
}

// dropRemoved takes out of `after` the thresholds that name a worker, or a flow step, that the
// edit since `before` removed (the workers are fewer, or one worker's steps are, or a flow
// worker became another kind: its steps are kept in memory but are no series), and returns
// them: a threshold on what is gone can only fail validation ("unknown worker", "is not a
// flow"), and the user who removed the worker meant its thresholds too. A name another worker
// (or step) still has keeps its thresholds: they may mean that one. The edit is one undo
// step, so Undo brings the worker and its thresholds back together.
QStringList dropRemoved(const Scenario& before, Scenario& after) {
    bool fewer = after.workers.size() < before.workers.size();
    for (qsizetype i = 0; !fewer && i < after.workers.size() && i < before.workers.size(); ++i) {
        const TargetSpec& a = after.workers[i].target;
        const TargetSpec& b = before.workers[i].target;
        fewer = a.steps.size() < b.steps.size() || (b.kind == u"flow" && a.kind != u"flow");
    }
    if (!fewer)
        return {};
    const QStringList was = seriesNames(before);
    const QStringList is = seriesNames(after);
    QStringList dropped;
    after.thresholds.removeIf([&](const QString& t) {
        const Span p = thresholdPrefix(t);
        if (p.size < 0)
            return false;
        const QString name = t.mid(p.at, p.size);
        if (!was.contains(name) || is.contains(name))
            return false;
        dropped.append(t);
        return true;
    });
    return dropped;
}

// labelName is a form label as a field's name: "&URL:" is "URL", "d&efault" is "default".
QString labelName(QString text) {
    text.remove(u'&');
    text = text.trimmed();
    if (text.endsWith(u':'))
        text.chop(1);
    return text;
}

QString withoutTrailingIndex(QString path) {
    static const QRegularExpression re(S(u"\\[\\d+\\]$"));
    return path.remove(re);
}

} // namespace

// Field binds one widget of the form to one value of the scenario: its JSON path, how the
// value is shown and how the widget's state is read back. Connecting the widgets, showing
// the scenario and marking problems are each one loop over these; a field's name in problems
// is its label on the form.
struct ScenarioEditor::Field {
    QString path;         // inside a worker ("target.url"), or in the scenario ("interval")
    bool inWorker = true; // path is inside the selected worker
    QWidget* widget = nullptr;
    QString undoText;      // the undo step's name: "Edit URL"
    bool mergeable = true; // typing merges into one step; a choice is a step of its own
    // show puts the value into the widget, only when it differs (the cursor stays put).
    std::function<void(const Scenario&, const WorkerSpec&)> show;
    // read stores the widget's value; it returns why not when the text cannot be a value.
    std::function<QString(Scenario&, WorkerSpec&)> read;
};

struct ScenarioEditor::Widgets {
    QSplitter* splitter = nullptr;
    // scenario
    QLineEdit* name = nullptr;
    QLineEdit* duration = nullptr;
    QLineEdit* interval = nullptr;
    // where the app runs it (the scenario's "distributed")
    QComboBox* runOn = nullptr;
    IntSpinBox* ranks = nullptr;
    QLineEdit* hosts = nullptr;
    QLineEdit* hostfile = nullptr;
    QWidget* ranksRow = nullptr; // the ranks' label and box: shown for MPI
    QHBoxLayout* hostsRow = nullptr;
    QFormLayout* scenarioForm = nullptr;
    QListWidget* thresholds = nullptr;
    QToolButton* thresholdAdd = nullptr;
    QToolButton* thresholdRemove = nullptr;
    // workers
    QTableView* workers = nullptr;
    QToolButton* add = nullptr;
    QToolButton* duplicate = nullptr;
    QToolButton* remove = nullptr;
    QToolButton* up = nullptr;
    QToolButton* down = nullptr;
    QToolButton* enable = nullptr;
    // worker form
    QScrollArea* scroll = nullptr;
    QGroupBox* form = nullptr;
    QLineEdit* ident = nullptr;
    QComboBox* kind = nullptr;
    QStackedWidget* targetStack = nullptr;
    // flow: the steps, and the selected step's request (paths "target.steps.url", made
    // "target.steps[i].url" for the selected step i)
    QListWidget* flowSteps = nullptr;
    QToolButton* stepAdd = nullptr;
    QToolButton* stepRemove = nullptr;
    QToolButton* stepUp = nullptr;
    QToolButton* stepDown = nullptr;
    QCheckBox* cookies = nullptr;
    QGroupBox* stepBox = nullptr;
    QLineEdit* stepName = nullptr;
    QComboBox* stepMethod = nullptr;
    QLineEdit* stepUrl = nullptr;
    QTableWidget* stepHeaders = nullptr;
    QToolButton* stepHeaderAdd = nullptr;
    QToolButton* stepHeaderRemove = nullptr;
    QPlainTextEdit* stepBody = nullptr;
    QLineEdit* stepTimeout = nullptr;
    QLineEdit* stepStatus = nullptr;
    QLineEdit* stepExpectBody = nullptr;
    QLineEdit* stepThink = nullptr;
    QCheckBox* stepOptional = nullptr;
    QTableWidget* stepExtract = nullptr;
    QToolButton* stepExtractAdd = nullptr;
    QToolButton* stepExtractRemove = nullptr;
    int step = -1; // the selected step of the selected worker's flow
    // the flow's connections and TLS (the same paths as the http page's fields)
    QCheckBox* flowInsecure = nullptr;
    QLineEdit* flowCaFile = nullptr;
    QLineEdit* flowClientCert = nullptr;
    QLineEdit* flowClientKey = nullptr;
    QLineEdit* flowClientKeyPassphrase = nullptr;
    QLineEdit* flowServerName = nullptr;
    IntSpinBox* flowConnections = nullptr;
    // http
    QComboBox* method = nullptr;
    QLineEdit* url = nullptr;
    QTableWidget* headers = nullptr;
    QToolButton* headerAdd = nullptr;
    QToolButton* headerRemove = nullptr;
    QPlainTextEdit* body = nullptr;
    QLineEdit* httpTimeout = nullptr;
    QLineEdit* expectStatus = nullptr;
    QLineEdit* expectBody = nullptr;
    QComboBox* version = nullptr;
    QCheckBox* insecure = nullptr;
    QCheckBox* followRedirects = nullptr;
    QLineEdit* caFile = nullptr;
    QLineEdit* clientCert = nullptr;
    QLineEdit* clientKey = nullptr;
    QLineEdit* clientKeyPassphrase = nullptr;
    QLineEdit* serverName = nullptr;
    IntSpinBox* connections = nullptr;
    IntSpinBox* streams = nullptr;
    // tcp
    QLineEdit* address = nullptr;
    QLineEdit* payload = nullptr;
    QLineEdit* expect = nullptr;
    IntSpinBox* readBytes = nullptr;
    QLineEdit* tcpTimeout = nullptr;
    // command
    QLineEdit* program = nullptr;
    QPlainTextEdit* args = nullptr;
    QLineEdit* commandTimeout = nullptr;
    // synthetic
    QComboBox* distribution = nullptr;
    QStackedWidget* distributionStack = nullptr;
    QLineEdit* latencyValue = nullptr;
    QLineEdit* latencyMin = nullptr;
    QLineEdit* latencyMax = nullptr;
    QLineEdit* latencyMean = nullptr;
    QLineEdit* latencyStddev = nullptr;
    QLineEdit* latencyMedian = nullptr;
    QLineEdit* latencyP99 = nullptr;
    NumberSpinBox* errorRatio = nullptr;
    // data file (http and flow)
    QGroupBox* dataBox = nullptr;
    QLineEdit* dataFile = nullptr;
    QToolButton* dataBrowse = nullptr;
    QComboBox* dataMode = nullptr;
    QLabel* dataStatus = nullptr;
    QTableWidget* dataPreview = nullptr;
    QString previewKey; // the file (path, size, time) the preview shows
    // rate
    QComboBox* rateMode = nullptr;
    QStackedWidget* rateStack = nullptr;
    NumberSpinBox* rps = nullptr;
    NumberSpinBox* rampFrom = nullptr;
    NumberSpinBox* rampTo = nullptr;
    NumberSpinBox* stagesFrom = nullptr;
    QTableWidget* stages = nullptr;
    QToolButton* stageAdd = nullptr;
    QToolButton* stageRemove = nullptr;
    IntSpinBox* overtime = nullptr;
    QCheckBox* overtimeDefault = nullptr;
    IntSpinBox* force = nullptr;
    // problems
    QLabel* notice = nullptr; // why the form stays (keepsWorker)
    QLabel* problemsLabel = nullptr;
    QListWidget* problems = nullptr;

    // fields maps a path inside a worker ("target.url") to the widgets that edit it.
    QMultiHash<QString, QWidget*> fields;
    // labels names a field as its form label does ("URL"), for problems.
    QHash<QWidget*, QString> labels;
    // bound are the fields' bindings (see Field); scenarioFields maps a scenario path
    // ("interval") to its widget, as fields does inside a worker.
    std::vector<Field> bound;
    QHash<QString, QWidget*> scenarioFields;
    QList<QWidget*> marked;
};

ScenarioEditor::ScenarioEditor(QWidget* parent)
    : QWidget(parent)
    , w(std::make_unique<Widgets>())
    , m_undo(new QUndoStack(this))
    , m_model(new WorkerListModel(this)) {
    setObjectName(S(u"scenarioEditor"));
    buildUi();
    bindFields();
    // A field is named in problems as its label on the form names it.
    for (QLabel* label : findChildren<QLabel*>()) {
        if (label->buddy())
            w->labels.insert(label->buddy(), labelName(label->text()));
    }
    for (QAbstractButton* check :
         {static_cast<QAbstractButton*>(w->insecure),
          static_cast<QAbstractButton*>(w->followRedirects),
          static_cast<QAbstractButton*>(w->cookies), static_cast<QAbstractButton*>(w->stepOptional),
          static_cast<QAbstractButton*>(w->flowInsecure)})
        w->labels.insert(check, labelName(check->text()));
    // The hostfile shares the Hosts row (whose label is the hosts field's): named on its own.
    w->labels.insert(w->hostfile, tr("Hostfile"));
    // Tab leaves a table for the next field, as it does in the result tables; the cursor
    // keys move between cells, and Tab in a cell being edited still goes on to the next.
    for (QAbstractItemView* table : findChildren<QAbstractItemView*>())
        table->setTabKeyNavigation(false);
    // Tab in the last cell being typed into leaves the table too (EndCellDelegate).
    for (QAbstractItemView* table : std::initializer_list<QAbstractItemView*>{
             w->thresholds, w->headers, w->stages, w->stepHeaders})
        table->setItemDelegate(new EndCellDelegate(table));
    w->stepExtract->setItemDelegate(new ExtractDelegate(w->stepExtract));
    // Esc in the cell a row added with + opened, before anything was put in the row, takes the
    // add back, as Esc takes back a cell's typing: the empty row stayed, a problem ("invalid
    // header name \"\"") until it was selected and removed with −. A threshold's too: + and
    // Esc left "p99 < 500ms", a threshold nobody wrote that passes or fails the run.
    for (QAbstractItemView* table : std::initializer_list<QAbstractItemView*>{
             w->headers, w->stepHeaders, w->stepExtract, w->thresholds}) {
        connect(table->itemDelegate(), &QAbstractItemDelegate::closeEditor, this,
                [this, table](QWidget*, QAbstractItemDelegate::EndEditHint hint) {
                    const QVariant at = table->property(kNewRowAt);
                    table->setProperty(kNewRowAt, QVariant());
                    if (hint != QAbstractItemDelegate::RevertModelCache || !at.isValid() ||
                        at.toInt() != m_undo->index())
                        return;
                    // Once the view has closed the editor: the undo fills the table again.
                    QTimer::singleShot(0, this, [this, index = at.toInt()] {
                        if (m_undo->index() == index && m_local.isEmpty())
                            m_undo->undo();
                    });
                });
    }
    // Undo and redo keys typed in a field undo the document, not the field's own text.
    for (QWidget* child : findChildren<QWidget*>())
        child->installEventFilter(this);
    connectFields();
    // The run's check: one at a time, on a thread of its own, a moment after the typing.
    m_checkPool = std::make_unique<QThreadPool>();
    m_checkPool->setMaxThreadCount(1);
    m_checkTimer = new QTimer(this);
    m_checkTimer->setSingleShot(true);
    m_checkTimer->setInterval(kCheckDelayMs);
    connect(m_checkTimer, &QTimer::timeout, this, &ScenarioEditor::startCheck);
    apply(m_scenario, -1);
    m_blank = true; // until a scenario is given or made
    updateValidation();
}

ScenarioEditor::~ScenarioEditor() {
    // A check still going posts its answer to this widget: wait for it (its answer, queued,
    // goes with the widget).
    m_checkPool->waitForDone();
    // Closing an open cell editor commits its text: that is no edit any more. The commands
    // call back into this widget; drop them before the widgets go.
    m_updating = true;
    m_model->disconnect(this);
    m_undo->clear();
    // Nor may any child's signal reach this widget once this destructor is done: ~QWidget,
    // closing a top-level editor, moves the focus, which commits an open cell (a header's
    // name, itemChanged) into a lambda that calls this ScenarioEditor, no longer one then
    // (UBSan: "member call on address … which does not point to an object of type
    // 'ScenarioEditor'", tst_scenarioeditor headerWithNoNameIsNamedSo under asan-ui).
    const QList<QObject*> children = findChildren<QObject*>();
    for (QObject* child : children)
        QObject::disconnect(child, nullptr, this, nullptr);
    for (QComboBox* method : {w->method, w->stepMethod})
        static_cast<MethodCombo*>(method)->left = nullptr; // (the same: it calls this)
}

namespace {
// endsTyping: the focus leaving a field for this reason ends its undo step (another window
// or the field's own popup taking the focus for a while does not).
bool endsTyping(Qt::FocusReason reason) {
    return reason != Qt::ActiveWindowFocusReason && reason != Qt::PopupFocusReason;
}

// undoKey is 1 for an undo key (Ctrl+Z), 2 for a redo key (Ctrl+Shift+Z, Ctrl+Y, the
// platform's redo), else 0.
int undoKey(const QKeyEvent* key) {
    const QKeyCombination keys = key->keyCombination();
    if (key->matches(QKeySequence::Undo))
        return 1;
    if (key->matches(QKeySequence::Redo) || keys == (Qt::CTRL | Qt::SHIFT | Qt::Key_Z) ||
        keys == (Qt::CTRL | Qt::Key_Y))
        return 2;
    return 0;
}
} // namespace

void ScenarioEditor::fitWorkerColumns() {
    // The columns take the width of their contents (set again: the header sizes them only
    // when its own sections change, not when rows come). On, ident, kind and rate always
    // show; overtime and force (also in the form below) only when they fit whole, so that a
    // narrow dock shows "300 rps" rather than "30…".
    auto* header = static_cast<WorkersHeader*>(w->workers->horizontalHeader());
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(WorkerListModel::IdentColumn, QHeaderView::Stretch);
    const auto* view = static_cast<const QAbstractItemView*>(w->workers);
    // A column's width as the header gives it (ResizeToContents: the cells' widest and its
    // title), the same whether the column shows now or not: fitting again changes nothing.
    const auto needs = [&](int column) {
        return std::max(view->sizeHintForColumn(column), header->contentsWidth(column));
    };
    int width = needs(WorkerListModel::EnabledColumn) + needs(WorkerListModel::IdentColumn) +
                needs(WorkerListModel::KindColumn) + needs(WorkerListModel::RateColumn);
    const int available = w->workers->viewport()->width();
    for (int column : {int(WorkerListModel::OvertimeColumn), int(WorkerListModel::ForceColumn)}) {
        const bool fits = width + needs(column) <= available;
        if (w->workers->isColumnHidden(column) == fits)
            w->workers->setColumnHidden(column, !fits);
        if (fits)
            width += needs(column);
    }
}

bool ScenarioEditor::eventFilter(QObject* watched, QEvent* event) {
    // The table's viewport narrows when its scroll bar comes (a third worker in a table of two
    // rows' height): the columns are fitted to it again, or the ident column gave way.
    if ((watched == w->workers || watched == w->workers->viewport()) &&
        event->type() == QEvent::Resize)
        fitWorkerColumns();
    // The form's viewport shortens when problems come (typed into the field that has the
    // focus): the field keeps in view. Scrolled to before the list grew, the Timeout's Tab
    // left the next field under the form's bottom.
    if (watched == w->scroll->viewport() && event->type() == QEvent::Resize) {
        const auto* resize = static_cast<QResizeEvent*>(event);
        QWidget* focus = QApplication::focusWidget();
        // (Queued: the scroll bar's range follows the viewport after this event.)
        if (resize->size().height() < resize->oldSize().height() && focus &&
            w->scroll->widget()->isAncestorOf(focus))
            QMetaObject::invokeMethod(
                this,
                [this, field = QPointer<QWidget>(focus)] {
                    // The whole field (ensureWidgetVisible keeps a line edit's cursor alone in
                    // view, the field's bottom cut).
                    if (!field || !field->hasFocus())
                        return;
                    QScrollBar* bar = w->scroll->verticalScrollBar();
                    const int top = field->mapTo(w->scroll->widget(), QPoint(0, 0)).y();
                    const int room = w->scroll->viewport()->height();
                    if (top + field->height() - bar->value() > room)
                        bar->setValue(top + field->height() - room);
                    if (top < bar->value())
                        bar->setValue(top);
                },
                Qt::QueuedConnection);
    }
    // A name longer than its field shows whole in the field's tooltip, above the help.
    if (watched == w->name && event->type() == QEvent::ToolTip && !w->name->text().isEmpty()) {
        const QString name = w->name->text();
        const int frame = style()->pixelMetric(QStyle::PM_DefaultFrameWidth, nullptr, w->name);
        const QMargins margins = w->name->textMargins();
        // the text's room: the field less its frame, its margins and the 2 px a side a
        // line edit keeps
        const int room = w->name->width() - 2 * frame - margins.left() - margins.right() - 4;
        if (w->name->fontMetrics().horizontalAdvance(name) > room) {
            QToolTip::showText(static_cast<QHelpEvent*>(event)->globalPos(),
                               name + S(u"\n\n") + w->name->toolTip(), w->name);
            return true;
        }
    }
    // Leaving a field, or Return in a line edit or spin box, ends its undo step: typing into it
    // again is a step of its own. (Typed, Tab, and typed again later, the two merged, so
    // Ctrl+Z went past the value the first typing had left.)
    if (event->type() == QEvent::FocusOut || event->type() == QEvent::KeyPress) {
        bool ends = false;
        if (event->type() == QEvent::FocusOut) {
            // A Method combo ends it once it has settled what was typed (MethodCombo::left):
            // ended here, before, its "get" made GET was an undo step of its own, so Ctrl+Z
            // after typing "get" and Tab left the scenario at "get", sent as typed.
            ends = !dynamic_cast<MethodCombo*>(watched) &&
                   endsTyping(static_cast<QFocusEvent*>(event)->reason());
        } else {
            const int key = static_cast<QKeyEvent*>(event)->key();
            ends = (key == Qt::Key_Return || key == Qt::Key_Enter) &&
                   (qobject_cast<QLineEdit*>(watched) || qobject_cast<QAbstractSpinBox*>(watched));
        }
        if (ends && std::any_of(w->bound.cbegin(), w->bound.cend(),
                                [watched](const Field& f) { return f.widget == watched; }))
            ++m_mergeEpoch;
    }
    // A line edit or spin box takes Ctrl+Z for its own text (it accepts the shortcut
    // override). Here the keys go to the document's history instead: the override is
    // refused so that the window's Undo and Redo actions get them, and when no action
    // takes them (the editor on its own) the key press undoes or redoes here.
    if (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) {
        if (const int which = undoKey(static_cast<QKeyEvent*>(event))) {
            if (event->type() == QEvent::ShortcutOverride) {
                event->ignore();
                return true;
            }
            if (which == 1)
                undo();
            else
                redo();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

QSize ScenarioEditor::sizeHint() const {
    return {420, 760};
}

QSize ScenarioEditor::minimumSizeHint() const {
    // Never narrower than the worker form: the form does not scroll sideways, so a dock
    // made narrower than this would cut fields off.
    QSize size = QWidget::minimumSizeHint();
    const QMargins margins = layout()->contentsMargins();
    const int form = w->scroll->widget()->minimumSizeHint().width() +
                     style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, w->scroll) +
                     2 * w->scroll->frameWidth() + margins.left() + margins.right();
    size.setWidth(std::max(size.width(), form));
    return size;
}

void ScenarioEditor::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    // Back from a terminal or a file manager: the files may have come or gone.
    if (event->type() == QEvent::ActivationChange && isActiveWindow())
        recheck();
}

void ScenarioEditor::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_sized)
        return;
    m_sized = true;
    fitSplitter();
}

int ScenarioEditor::workersTableHeight(int rows) const {
    return w->workers->horizontalHeader()->sizeHint().height() +
           rows * w->workers->verticalHeader()->defaultSectionSize() + 2 * w->workers->frameWidth();
}

void ScenarioEditor::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitProblems();
}

void ScenarioEditor::fitProblems() {
    // The worker form keeps kFormKeeps px while problems are listed: the list gets what is
    // left under the splitter's top (the scenario and the workers table), the label above it
    // and the notice under it, and scrolls the rest (ProblemList keeps its first row whole).
    // Let the list be as tall as its rows, and four long lines (wrapped to two or four each)
    // took 178 px at 1024x700, the form keeping 71 px of its 253: one field and a half.
    if (!layout())
        return;
    const QMargins margins = layout()->contentsMargins();
    const int spacing = layout()->spacing();
    const auto tall = [](const QWidget* label) {
        return label->hasHeightForWidth() && label->width() > 0
                   ? label->heightForWidth(label->width())
                   : label->sizeHint().height();
    };
    int room = height() - margins.top() - margins.bottom() - w->splitter->sizes().value(0) -
               w->splitter->handleWidth() - kFormKeeps - spacing;
    if (!w->problemsLabel->isHidden())
        room -= tall(w->problemsLabel) + spacing;
    if (!w->notice->isHidden())
        room -= tall(w->notice) + spacing;
    static_cast<ProblemList*>(w->problems)->setRoom(std::max(room, 1));
}

void ScenarioEditor::fitSplitter() {
    // The scenario and the workers table get what they need, the table its rows (2 to 5;
    // more scroll) and no empty ones; the worker form the rest. The table's minimum is 2
    // rows, so the user can drag the splitter up to give the form more.
    const int rows = std::clamp(m_model->rowCount(), kWorkersMinRows, kWorkersFitRows);
    if (QLayout* layout = w->splitter->widget(0)->layout())
        layout->activate();
    const int top = w->splitter->widget(0)->minimumSizeHint().height() + workersTableHeight(rows) -
                    w->workers->minimumHeight();
    const int total = w->splitter->height();
    if (total > top)
        w->splitter->setSizes({top, total - top});
    fitProblems();
}

// ---------------------------------------------------------------- building

void ScenarioEditor::buildUi() {
    // A red frame marks a field with a problem, an amber one a field a warning is about (it
    // runs, but means nothing); only the frame changes, so the field stays readable in light
    // and dark palettes. A field has one or the other: the problem wins. The number boxes and
    // the combo boxes draw their frame themselves (paintProblemFrame), keeping their arrows
    // and drop-down buttons. A focused text box (Body, Arguments) is framed in the highlight,
    // as Fusion frames a focused line edit (it drew no frame there, only the cursor); a
    // problem's frame, which comes later, wins. The workers list, where the window opens with
    // the focus, is framed so too: Fusion showed its focus only by a faint dotted cell.
    setStyleSheet(S(
        u"QPlainTextEdit:focus, QTableView#workersView:focus "
        u"{ border: 1px solid palette(highlight); }"
        u"QLineEdit[invalid=\"true\"], QPlainTextEdit[invalid=\"true\"], "
        u"QAbstractItemView[invalid=\"true\"] { border: 2px solid #d64545; border-radius: 3px; }"
        u"QLineEdit[warning=\"true\"], QPlainTextEdit[warning=\"true\"], "
        u"QAbstractItemView[warning=\"true\"] { border: 2px solid #d99a00; border-radius: 3px; }"));

    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(buildScenarioBox());
    topLayout->addWidget(buildWorkersBox(), 1);

    w->scroll = new QScrollArea;
    w->scroll->setObjectName(S(u"workerScroll"));
    w->scroll->setWidgetResizable(true);
    w->scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    w->scroll->setFrameShape(QFrame::NoFrame);
    // No Tab stop of its own: Tab from the workers table went to the scroll area, which shows
    // no focus, and took a second Tab to reach Ident. It scrolls to the field that has the
    // focus, and with the wheel.
    w->scroll->setFocusPolicy(Qt::NoFocus);
    w->scroll->setWidget(buildWorkerForm());
    w->scroll->viewport()->installEventFilter(this);

    // Why the form stays (explainKept): under the list, whose line of the field holding the
    // text is selected, so it names neither the field nor the problem again.
    w->notice = new QLabel;
    w->notice->setObjectName(S(u"editorNotice"));
    w->notice->setWordWrap(true); // a narrow dock wraps it rather than widening
    w->notice->setTextFormat(Qt::PlainText);
    w->notice->hide();
    w->problemsLabel = new QLabel;
    w->problemsLabel->setObjectName(S(u"problemsLabel"));
    w->problemsLabel->setWordWrap(true); // a long line must not widen the dock
    w->problems =
        named(new ProblemList, "problemsList",
              tr("What keeps the scenario from running, then warnings, which do not. Activate a "
                 "line to go to the field."));
    // Qt names an item view by its accessible name alone (not by the label whose buddy it
    // is): a screen reader said nothing of it. So each list and table has one.
    w->problems->setAccessibleName(tr("Problems"));
    w->problems->setWordWrap(true);
    w->problems->setAlternatingRowColors(true);
    w->problems->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    w->problemsLabel->setBuddy(w->problems);

    w->splitter = new QSplitter(Qt::Vertical);
    w->splitter->setObjectName(S(u"editorSplitter"));
    w->splitter->setChildrenCollapsible(false);
    w->splitter->addWidget(top);
    w->splitter->addWidget(w->scroll);
    w->splitter->setStretchFactor(0, 0);
    w->splitter->setStretchFactor(1, 1);
    connect(w->splitter, &QSplitter::splitterMoved, this, [this] { fitProblems(); });

    // The problems sit under the splitter and take room only when there are some.
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(w->splitter, 1);
    layout->addWidget(w->problemsLabel);
    layout->addWidget(w->problems);
    layout->addWidget(w->notice);
}

QWidget* ScenarioEditor::buildScenarioBox() {
    // No title: the dock or window around the editor says "Scenario" already, just above
    // (it said it twice). The frame still sets the scenario's settings apart from the
    // workers, and assistive tools still get the name.
    auto* box = new QGroupBox;
    box->setObjectName(S(u"scenarioBox"));
    box->setAccessibleName(tr("Scenario"));
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    w->name = named(new QLineEdit, "nameEdit",
                    tr("A name for the scenario, shown in results and reports"));
    w->name->setPlaceholderText(tr("untitled"));
    form->addRow(tr("&Name:"), w->name);

    w->duration = durationEdit("durationEdit", tr("How long the run lasts"));
    w->interval = durationEdit("intervalEdit", tr("How often results are reported (100ms to 10s)"));
    auto* times = new QHBoxLayout;
    times->addWidget(w->duration, 1);
    auto* intervalLabel = new QLabel(tr("&Interval:"));
    intervalLabel->setBuddy(w->interval);
    times->addWidget(intervalLabel);
    times->addWidget(w->interval, 1);
    auto* durationLabel = new QLabel(tr("&Duration:"));
    durationLabel->setBuddy(w->duration);
    form->addRow(durationLabel, times);

    w->thresholds = named(new QListWidget, "thresholdsList",
                          tr("Pass/fail conditions checked after the run, e.g. \"p99 < 250ms\", "
                             "\"error_rate < 1%\", \"api.rps >= 100\". Double-click or F2 to edit, "
                             "Delete to remove."));
    w->thresholds->setAccessibleName(tr("Thresholds"));
    w->thresholds->setEditTriggers(QAbstractItemView::DoubleClicked |
                                   QAbstractItemView::EditKeyPressed |
                                   QAbstractItemView::AnyKeyPressed);
    // Four thresholds (the demo's) show without scrolling; more scroll.
    w->thresholds->setFixedHeight(w->thresholds->fontMetrics().lineSpacing() * 4 + 10);
    w->thresholdAdd =
        toolButton("thresholdAddButton", S(u"+"), tr("Add a threshold"), tr("Add threshold"));
    w->thresholdRemove =
        toolButton("thresholdRemoveButton", S(u"−"), tr("Remove the selected threshold (Delete)"),
                   tr("Remove threshold"));
    // Delete in the list removes the selected threshold as − does (an undoable edit). A
    // threshold being typed into keeps the key: its line edit takes Delete as a shortcut
    // override, so there Delete deletes a character.
    auto* removeKey = new QAction(this);
    removeKey->setShortcut(QKeySequence(QKeySequence::Delete));
    removeKey->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(removeKey, &QAction::triggered, this, [this] {
        const QWidget* focus = QApplication::focusWidget();
        if (!focus || focus == w->thresholds) // not a cell editor inside the list
            w->thresholdRemove->click();
    });
    w->thresholds->addAction(removeKey);
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(w->thresholdAdd);
    buttons->addWidget(w->thresholdRemove);
    buttons->addStretch();
    auto* thresholds = new QHBoxLayout;
    thresholds->addWidget(w->thresholds, 1);
    thresholds->addLayout(buttons);
    auto* thresholdsLabel = new QLabel(tr("&Thresholds:"));
    thresholdsLabel->setBuddy(w->thresholds);
    form->addRow(thresholdsLabel, thresholds);

    // Where the app runs it: in its own process, or under mpirun (docs/distributed.md).
    w->runOn = named(new FramedCombo, "runOnCombo",
                     tr("Where the app runs the scenario: in its own process on this machine, "
                        "or as several processes (MPI ranks) started by mpirun, on this "
                        "machine or on other hosts; one merged result either way"));
    w->runOn->addItem(tr("This machine"));
    w->runOn->addItem(tr("MPI (mpirun)"));
    w->ranks = named(new IntSpinBox, "ranksSpin",
                     tr("How many processes (MPI ranks) mpirun starts; the load is split "
                        "between them exactly"));
    setRanges(w->ranks, 1, kMaxRanks);
    auto* ranksLabel = new QLabel(tr("Ran&ks:"));
    ranksLabel->setBuddy(w->ranks);
    w->ranksRow = new QWidget;
    auto* ranksLayout = new QHBoxLayout(w->ranksRow);
    ranksLayout->setContentsMargins(0, 0, 0, 0);
    ranksLayout->addWidget(ranksLabel);
    ranksLayout->addWidget(w->ranks);
    auto* runOn = new QHBoxLayout;
    runOn->addWidget(w->runOn, 1);
    runOn->addWidget(w->ranksRow);
    auto* runOnLabel = new QLabel(tr("R&un on:"));
    runOnLabel->setBuddy(w->runOn);
    form->addRow(runOnLabel, runOn);

    w->hosts = named(new QLineEdit, "hostsEdit",
                     tr("The hosts to run the ranks on, commas or spaces between them: \"name\" "
                        "or \"name:slots\" (mpirun --host); empty: every rank on this machine"));
    w->hosts->setPlaceholderText(tr("this machine"));
    w->hostfile = named(new QLineEdit, "hostfileEdit",
                        tr("Or an OpenMPI hostfile (mpirun --hostfile), relative to the "
                           "scenario file's folder"));
    w->hostfile->setPlaceholderText(tr("or a hostfile"));
    // Hosts' label is the hosts field's: this one had no name but its placeholder.
    w->hostfile->setAccessibleName(tr("Hostfile"));
    auto* hosts = new QHBoxLayout;
    hosts->addWidget(w->hosts, 3);
    hosts->addWidget(w->hostfile, 2);
    auto* hostsLabel = new QLabel(tr("H&osts:"));
    hostsLabel->setBuddy(w->hosts);
    form->addRow(hostsLabel, hosts);
    w->hostsRow = hosts;
    w->scenarioForm = form;
    return box;
}

QWidget* ScenarioEditor::buildWorkersBox() {
    auto* box = new QGroupBox(tr("Workers"));
    auto* layout = new QVBoxLayout(box);

    w->add = toolButton("addWorkerButton", tr("Add"), tr("Add a worker (Insert)"));
    w->duplicate = toolButton("duplicateWorkerButton", tr("Duplicate"),
                              tr("Duplicate the selected worker (Ctrl+D)"));
    w->remove =
        toolButton("removeWorkerButton", tr("Remove"), tr("Remove the selected worker (Delete)"));
    w->up = toolButton("moveUpButton", QString(), tr("Move the selected worker up (Alt+Up)"),
                       tr("Move worker up"));
    w->up->setArrowType(Qt::UpArrow);
    w->down = toolButton("moveDownButton", QString(),
                         tr("Move the selected worker down (Alt+Down)"), tr("Move worker down"));
    w->down->setArrowType(Qt::DownArrow);
    w->enable = toolButton("enableWorkerButton", tr("Enabled"),
                           tr("Whether the selected worker runs; a disabled worker stays in the "
                              "file (Space in the table)"));
    w->enable->setCheckable(true);
    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(4);
    for (QToolButton* b : {w->add, w->duplicate, w->remove, w->up, w->down})
        buttons->addWidget(b);
    buttons->addStretch();
    buttons->addWidget(w->enable);
    layout->addLayout(buttons);

    w->workers =
        named(new QTableView, "workersView",
              tr("The scenario's workers; select one to edit it below. Insert adds, Ctrl+D "
                 "duplicates, Delete removes, Alt+Up/Down moves, Space enables or disables."));
    w->workers->setAccessibleName(tr("Workers"));
    w->workers->setHorizontalHeader(new WorkersHeader(w->workers));
    w->workers->setModel(m_model);
    auto* selection = new KeptSelection(m_model, w->workers);
    selection->refuses = [this](int row) { return keepsWorker(row); };
    QItemSelectionModel* old = w->workers->selectionModel();
    w->workers->setSelectionModel(selection);
    delete old;
    w->workers->setSelectionBehavior(QAbstractItemView::SelectRows);
    w->workers->setSelectionMode(QAbstractItemView::SingleSelection);
    w->workers->setEditTriggers(QAbstractItemView::DoubleClicked |
                                QAbstractItemView::EditKeyPressed);
    w->workers->setAlternatingRowColors(true);
    w->workers->setWordWrap(false);
    w->workers->verticalHeader()->hide();
    w->workers->verticalHeader()->setDefaultSectionSize(w->workers->fontMetrics().height() + 8);
    QHeaderView* header = w->workers->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(WorkerListModel::IdentColumn, QHeaderView::Stretch);
    w->workers->setItemDelegateForColumn(WorkerListModel::IdentColumn,
                                         new IdentDelegate(w->workers));
    w->workers->setMinimumHeight(workersTableHeight(kWorkersMinRows));
    layout->addWidget(w->workers, 1);

    auto action = [this](const QKeySequence& keys, QToolButton* button) {
        auto* a = new QAction(this);
        a->setShortcut(keys);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(a, &QAction::triggered, button, &QToolButton::click);
        w->workers->addAction(a);
    };
    action(QKeySequence(Qt::Key_Insert), w->add);
    action(QKeySequence(Qt::CTRL | Qt::Key_D), w->duplicate);
    action(QKeySequence(QKeySequence::Delete), w->remove);
    action(QKeySequence(Qt::ALT | Qt::Key_Up), w->up);
    action(QKeySequence(Qt::ALT | Qt::Key_Down), w->down);
    return box;
}

QWidget* ScenarioEditor::buildWorkerForm() {
    w->form = new QGroupBox(tr("Worker"));
    w->form->setObjectName(S(u"workerForm"));
    auto* layout = new QVBoxLayout(w->form);

    auto* identForm = new QFormLayout;
    identForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    w->ident =
        named(new QLineEdit, "identEdit",
              tr("The worker's name in charts, results and thresholds; unique in the scenario"));
    w->kind = named(new FramedCombo, "kindCombo",
                    tr("What the worker calls: an HTTP server, a TCP server, a local command, or a "
                       "synthetic target that only sleeps (for trying things out)"));
    for (const QString& k : TargetSpec::kinds())
        w->kind->addItem(k, k);
    // Ident and kind share a row, as the mode and force do: the rate under them stays in
    // view in a short window (see the rate's box below).
    auto* kindLabel = new QLabel(tr("&Kind:"));
    kindLabel->setBuddy(w->kind);
    auto* identRow = new QHBoxLayout;
    identRow->addWidget(w->ident, 1);
    identRow->addSpacing(6);
    identRow->addWidget(kindLabel);
    identRow->addWidget(w->kind);
    auto* identLabel = new QLabel(tr("Ide&nt:"));
    identLabel->setBuddy(w->ident);
    identForm->addRow(identLabel, identRow);
    layout->addLayout(identForm);

    // The rate before the target: it is short and the same for every kind, so it stays in
    // view in a short window (at 1024x700 the form has about 235 px), where it was under a
    // target page and the data box that are as long as the kind needs (an HTTP page alone is
    // taller than the form); the target follows it.
    auto* rateBox = new QGroupBox(tr("Rate"));
    rateBox->setObjectName(S(u"rateBox"));
    auto* rateLayout = new QVBoxLayout(rateBox);
    rateLayout->addWidget(buildRatePages());
    layout->addWidget(rateBox);

    w->targetStack = new FittingStack;
    w->targetStack->setObjectName(S(u"targetStack"));
    for (const QString& k : TargetSpec::kinds()) {
        if (k == u"http")
            w->targetStack->addWidget(buildHttpPage());
        else if (k == u"tcp")
            w->targetStack->addWidget(buildTcpPage());
        else if (k == u"command")
            w->targetStack->addWidget(buildCommandPage());
        else if (k == u"flow")
            w->targetStack->addWidget(buildFlowPage());
        else
            w->targetStack->addWidget(buildSyntheticPage());
    }
    layout->addWidget(w->targetStack);
    layout->addWidget(buildDataBox());
    layout->addStretch(1);

    return w->form;
}

QWidget* ScenarioEditor::buildHttpPage() {
    auto* page = new QGroupBox(tr("HTTP target"));
    page->setObjectName(S(u"httpPage"));
    auto* form = new QFormLayout(page);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    w->method =
        named(new MethodCombo, "methodCombo", tr("The request method; type another if needed"));
    static_cast<MethodCombo*>(w->method)->left = [this](Qt::FocusReason why) {
        if (endsTyping(why))
            ++m_mergeEpoch;
    };
    w->version =
        named(new FramedCombo, "versionCombo",
              tr("HTTP version: auto (HTTP/1.1 for http://, negotiated for https://), 1.1 or 2"));
    w->version->addItems({S(u"auto"), S(u"1.1"), S(u"2")});
    // One field per row from here on: the form must fit the dock's default width (about
    // 320 px) with nothing cut off (see the fit test in tst_appcontroller). The method's row
    // spans the page, as the URL's below it: in the labels' column the combo got 122 px (95
    // of text) at 1024x700 and at 1280x800, and a method typed into it, WebDAV's
    // VERSION-CONTROL (118 px), showed cut.
    auto* methodLabel = new QLabel(tr("&Method:"));
    methodLabel->setBuddy(w->method);
    auto* methodRow = new QHBoxLayout;
    methodRow->addWidget(methodLabel);
    methodRow->addWidget(w->method, 1);
    form->addRow(methodRow);

    w->url =
        named(new QLineEdit, "urlEdit",
              tr("The URL to call, http:// or https://; the host \"sandbox\" is the built-in test "
                 "server. ${VAR} takes an environment variable."));
    w->url->setPlaceholderText(S(u"http://127.0.0.1:8080/path"));
    // The URL is the longest value of the page: its row spans the page, the field beside its
    // label, rather than starting at the labels' column, which the longest label (Streams per
    // connection) makes wide. In that column it got ~140 px at 1024x700.
    auto* urlLabel = new QLabel(tr("&URL:"));
    urlLabel->setBuddy(w->url);
    auto* urlRow = new QHBoxLayout;
    urlRow->addWidget(urlLabel);
    urlRow->addWidget(w->url, 1);
    form->addRow(urlRow);

    w->headers = named(
        new QTableWidget(0, 2), "headersTable",
        tr("Request headers, one name and value per row; names may repeat. F2 edits a cell."));
    w->headers->setAccessibleName(tr("Headers"));
    w->headers->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    w->headers->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    w->headers->verticalHeader()->hide();
    w->headers->verticalHeader()->setDefaultSectionSize(w->headers->fontMetrics().height() + 6);
    w->headers->setSelectionBehavior(QAbstractItemView::SelectRows);
    const int cellHeight = w->headers->verticalHeader()->defaultSectionSize();
    w->headers->setMinimumHeight(cellHeight * 3 + 6);
    w->headers->setMaximumHeight(cellHeight * 5 + 6);
    w->headerAdd = toolButton("headerAddButton", S(u"+"), tr("Add a header"), tr("Add header"));
    w->headerRemove = toolButton("headerRemoveButton", S(u"−"), tr("Remove the selected header"),
                                 tr("Remove header"));
    auto* headerButtons = new QVBoxLayout;
    headerButtons->addWidget(w->headerAdd);
    headerButtons->addWidget(w->headerRemove);
    headerButtons->addStretch();
    auto* headersRow = new QHBoxLayout;
    headersRow->addWidget(w->headers, 1);
    headersRow->addLayout(headerButtons);
    // The table spans the page under its label: in the labels' column its Name and Value
    // columns got ~55 px each at 1024x700 ("Authorization" read "Authori…").
    auto* headersLabel = new QLabel(tr("Hea&ders:"));
    headersLabel->setBuddy(w->headers);
    form->addRow(headersLabel);
    form->addRow(headersRow);

    w->body = named(new QPlainTextEdit, "bodyEdit",
                    tr("The request body, sent as written (may be empty)"));
    w->body->setTabChangesFocus(true);
    w->body->setMinimumHeight(w->body->fontMetrics().lineSpacing() * 3 + 10);
    w->body->setMaximumHeight(w->body->fontMetrics().lineSpacing() * 6 + 10);
    // Its label above it and the field the page's width, as the headers: beside the labels'
    // column the body got ~120 px at 1024x700, where `{"user": "ann"}` wrapped after
    // `{"user":` and `${TOKEN}` broke after its `$`.
    auto* bodyLabel = new QLabel(tr("&Body:"));
    bodyLabel->setBuddy(w->body);
    form->addRow(bodyLabel);
    form->addRow(w->body);

    w->httpTimeout = durationEdit(
        "httpTimeoutEdit", tr("How long a call may take before it fails with \"timeout\""), true);
    w->expectStatus =
        named(new QLineEdit, "expectStatusEdit",
              tr("The statuses that count as success, commas or spaces between them (e.g. "
                 "200, 204 or 200 204); empty means any status from 200 to 399"));
    w->expectStatus->setPlaceholderText(tr("200–399"));
    // Each on a row of its own: sharing one, at 1024x700 the timeout got ~45 px and the
    // status's placeholder showed as "200…".
    form->addRow(tr("&Timeout:"), w->httpTimeout);
    form->addRow(tr("&Status:"), w->expectStatus);
    w->expectBody = named(
        new QLineEdit, "expectBodyEdit",
        tr("A text the response body must contain, exact and case-sensitive (e.g. "
           "\"status\":\"ok\"): a body without it fails the call with kind \"body\", after the "
           "status check. Empty: the body is not checked. ${VAR} allowed"));
    w->expectBody->setPlaceholderText(tr("not checked"));
    // Its label above it, the field the page's width, as the headers table: a text to find
    // (a JSON member, a page's title) is often longer than the ~120 px of the fields beside
    // the labels' column at 1024x700.
    auto* expectBodyLabel = new QLabel(tr("Bod&y must contain:"));
    expectBodyLabel->setBuddy(w->expectBody);
    form->addRow(expectBodyLabel);
    form->addRow(w->expectBody);

    w->insecure = named(new QCheckBox(tr("Insecure TLS")), "insecureCheck",
                        tr("https: do not verify the server's certificate"));
    w->followRedirects = named(new QCheckBox(tr("Follow redirects")), "followRedirectsCheck",
                               tr("Follow 3xx redirects instead of counting the 3xx response"));
    form->addRow(tr("Versi&on:"), w->version);
    form->addRow(QString(), w->insecure);
    form->addRow(QString(), w->followRedirects);

    // TLS identities (https): files as paths, ${VAR} allowed. The hints are short enough for
    // the field at 1024x700 (~116 px of text), the whole of it in the tooltip: "the system CA
    // store", "in the certificate's file" and "${KEY_PASSPHRASE}" ended in "…" there.
    w->caFile = named(new QLineEdit, "caFileEdit",
                      tr("https: a PEM file of the certificate authorities to trust instead of "
                         "the system store; relative to the scenario file's folder (not saved "
                         "yet: the working directory); ${VAR} allowed"));
    w->caFile->setPlaceholderText(tr("system CA store"));
    form->addRow(tr("C&A file:"), w->caFile);
    w->clientCert = named(new QLineEdit, "clientCertEdit",
                          tr("https: a PEM file of the client certificate (and chain), sent when "
                             "the server asks for one; relative to the scenario file's folder"));
    w->clientCert->setPlaceholderText(tr("none"));
    form->addRow(tr("Client &cert:"), w->clientCert);
    w->clientKey = named(new QLineEdit, "clientKeyEdit",
                         tr("https: a PEM file of the client certificate's private key, plain or "
                            "encrypted, relative to the scenario file's folder; empty: the key is "
                            "in the certificate's file"));
    w->clientKey->setPlaceholderText(tr("in the cert file"));
    form->addRow(tr("Client &key:"), w->clientKey);
    w->clientKeyPassphrase =
        named(new QLineEdit, "clientKeyPassphraseEdit",
              tr("https: the passphrase of an encrypted client key. Write ${VAR} to take it "
                 "from the environment when the run starts: text typed here is saved in the "
                 "scenario file"));
    w->clientKeyPassphrase->setPlaceholderText(S(u"${PASSPHRASE}"));
    form->addRow(tr("Key &passphrase:"), w->clientKeyPassphrase);
    w->serverName = named(new QLineEdit, "serverNameEdit",
                          tr("https: the host name sent as SNI and checked against the server's "
                             "certificate instead of the URL's host"));
    w->serverName->setPlaceholderText(tr("the URL's host"));
    form->addRow(tr("Server &name:"), w->serverName);

    w->connections = named(new IntSpinBox, "connectionsSpin",
                           tr("The most connections open at once; calls beyond wait for one "
                              "(the wait counts in their response time). 0: as many as the calls "
                              "in flight need"));
    w->connections->setLeastWord(tr("as needed"));
    setRanges(w->connections, 0, static_cast<int>(kMaxConnections));
    form->addRow(tr("&Connections:"), w->connections);
    w->streams = named(new IntSpinBox, "streamsSpin",
                       tr("HTTP/2 (version 2): requests one connection carries at once, as "
                          "h2load's -m (fewer if the server allows fewer); HTTP/1.1 carries one"));
    setRanges(w->streams, 1, static_cast<int>(kMaxStreams));
    form->addRow(tr("&Streams per connection:"), w->streams);

    w->fields.insert(S(u"target.headers"), w->headers);
    return page;
}

QWidget* ScenarioEditor::buildDataBox() {
    w->dataBox = new QGroupBox(tr("Data file"));
    w->dataBox->setObjectName(S(u"dataBox"));
    auto* form = new QFormLayout(w->dataBox);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    w->dataFile = named(new QLineEdit, "dataFileEdit",
                        tr("A CSV file whose header row names the columns; each call takes a "
                           "row and its ${column} values. Relative to the scenario file's "
                           "folder; empty: no data file"));
    w->dataFile->setPlaceholderText(tr("none, e.g. users.csv"));
    w->dataBrowse =
        toolButton("dataBrowseButton", S(u"…"), tr("Choose the CSV file"), tr("Choose data file"));
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(w->dataFile, 1);
    fileRow->addWidget(w->dataBrowse);
    auto* fileLabel = new QLabel(tr("Data f&ile:"));
    fileLabel->setBuddy(w->dataFile);
    form->addRow(fileLabel, fileRow);
    w->dataMode = named(new FramedCombo, "dataModeCombo",
                        tr("sequential: the rows in order, wrapping around; random: any row each "
                           "call; unique: each row at most once (calls after the last fail "
                           "with rows_exhausted)"));
    w->dataMode->addItems(DataSpec::modes());
    form->addRow(tr("Data mo&de:"), w->dataMode);
    w->dataStatus = new QLabel;
    w->dataStatus->setObjectName(S(u"dataStatusLabel"));
    w->dataStatus->setTextFormat(Qt::PlainText);
    w->dataStatus->setWordWrap(true); // "Cannot read /a/long/path…" must not widen the form
    form->addRow(w->dataStatus);
    w->dataPreview = named(new QTableWidget(0, 0), "dataPreviewTable",
                           tr("The file's first rows, as the calls will get them"));
    w->dataPreview->setAccessibleName(tr("Data preview"));
    w->dataPreview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    w->dataPreview->verticalHeader()->setDefaultSectionSize(w->dataPreview->fontMetrics().height() +
                                                            6);
    w->dataPreview->horizontalHeader()->setStretchLastSection(true);
    const int rowHeight = w->dataPreview->verticalHeader()->defaultSectionSize();
    w->dataPreview->verticalHeader()->hide();
    // The header and three rows at least.
    w->dataPreview->setMinimumHeight(rowHeight * 4 + 6);
    w->dataPreview->setMaximumHeight(rowHeight * (kDataPreviewRows + 1) + 8);
    form->addRow(w->dataPreview);
    return w->dataBox;
}

void ScenarioEditor::setBaseDir(const QString& dir) {
    m_baseDir = dir;
    w->previewKey.clear();
    updateDataPreview();
    scheduleCheck(); // relative paths now name other files
}

int ScenarioEditor::moveTo(const QString& dir) {
    const QString from = m_baseDir.isEmpty() ? QDir::currentPath() : m_baseDir;
    int changed = 0;
    const Scenario moved = m_scenario.rebased(from, dir, &changed);
    // The same files, named from the new folder: not an edit, so not one to undo; the
    // history is rewritten too, so that undo and redo keep naming the same files.
    for (int i = 0; i < m_undo->count(); ++i) {
        if (const auto* command = dynamic_cast<const EditCommand*>(m_undo->command(i))) {
            auto* owned = const_cast<EditCommand*>(command); // the stack is ours
            owned->m_before = owned->m_before.rebased(from, dir);
            owned->m_after = owned->m_after.rebased(from, dir);
        }
    }
    if (changed > 0)
        apply(moved, currentWorker());
    setBaseDir(dir);
    return changed;
}

QString ScenarioEditor::dataFilePath(const QString& file) const {
    if (file.isEmpty() || !QDir::isRelativePath(file))
        return file;
    return QDir::cleanPath(
        QDir(m_baseDir.isEmpty() ? QDir::currentPath() : m_baseDir).absoluteFilePath(file));
}

void ScenarioEditor::updateDataPreview() {
    const int row = currentWorker();
    const QString file =
        row >= 0 && row < m_scenario.workers.size() ? m_scenario.workers[row].data.file : QString();
    const QString path = dataFilePath(file);
    const QFileInfo info(path);
    const QString key = file.isEmpty() ? QString()
                                       : QStringLiteral("%1\n%2\n%3")
                                             .arg(path)
                                             .arg(info.size())
                                             .arg(info.lastModified().toMSecsSinceEpoch());
    if (key == w->previewKey && !key.isEmpty())
        return;
    w->previewKey = key;
    w->dataPreview->clear();
    w->dataPreview->setRowCount(0);
    w->dataPreview->setColumnCount(0);
    if (file.isEmpty()) {
        w->dataStatus->setText(tr("No data file."));
        return;
    }
    if (file.contains(S(u"${"))) {
        w->dataStatus->setText(tr("Uses an environment variable: read when the run starts."));
        return;
    }
    // Only the head of the file: a file of a million rows previews as fast as three.
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        // A name typed with spaces around it: said here as in the problems (spacedNameNote).
        w->dataStatus->setText(
            tr("Cannot read %1: %2").arg(path, f.errorString()) +
            spacedNameNote(file, m_baseDir.isEmpty() ? QDir::currentPath() : m_baseDir));
        return;
    }
    QByteArray head = f.read(kDataPreviewBytes);
    const bool whole = f.atEnd();
    if (!whole) {
        // Up to the last complete line; a quoted cell cut there is read as far as it goes.
        const qsizetype end = head.lastIndexOf('\n');
        head.truncate(end < 0 ? 0 : end + 1);
    }
    QString why;
    std::shared_ptr<const DataTable> table = DataTable::parse(head, path, &why);
    if (!table && !whole) {
        // Cut inside a quoted cell: the lines before the cut.
        for (int lines = kDataPreviewRows + 1; lines > 1 && !table; --lines) {
            qsizetype end = -1;
            for (int i = 0; i < lines && (end = head.indexOf('\n', end + 1)) >= 0; ++i) {
            }
            if (end > 0)
                table = DataTable::parse(head.left(end + 1), path, nullptr);
        }
    }
    if (!table) {
        w->dataStatus->setText(why);
        return;
    }
    const int shown = int(std::min<std::size_t>(table->rowCount(), kDataPreviewRows));
    w->dataPreview->setColumnCount(int(table->columns().size()));
    w->dataPreview->setHorizontalHeaderLabels(table->columns());
    w->dataPreview->setRowCount(shown);
    for (int r = 0; r < shown; ++r) {
        for (int c = 0; c < table->columns().size(); ++c) {
            const std::string_view cell = table->cell(std::size_t(r), c);
            w->dataPreview->setItem(
                r, c, new QTableWidgetItem(QString::fromUtf8(cell.data(), qsizetype(cell.size()))));
        }
    }
    w->dataPreview->resizeColumnsToContents();
    const QString columns = table->columns().join(S(u", "));
    const auto rows = qsizetype(table->rowCount());
    if (!whole)
        w->dataStatus->setText(tr("The first %1 rows, columns: %2").arg(shown).arg(columns));
    else if (rows == 1)
        w->dataStatus->setText(tr("1 row, columns: %1").arg(columns));
    else
        w->dataStatus->setText(tr("%1 rows, columns: %2").arg(rows).arg(columns));
}

QWidget* ScenarioEditor::buildTcpPage() {
    auto* page = new QGroupBox(tr("TCP target"));
    page->setObjectName(S(u"tcpPage"));
    auto* form = new QFormLayout(page);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    w->address =
        named(new QLineEdit, "addressEdit", tr("Where to connect: host:port or [v6]:port"));
    w->address->setPlaceholderText(S(u"127.0.0.1:6379"));
    form->addRow(tr("&Address:"), w->address);
    w->payload = named(
        new QLineEdit, "payloadEdit",
        tr("Text sent after connecting (nothing when empty); write \\r, \\n, \\t and \\\\ for "
           "carriage return, line feed, tab and backslash"));
    w->payload->setPlaceholderText(S(u"PING\\r\\n"));
    form->addRow(tr("&Payload:"), w->payload);
    w->expect = named(new QLineEdit, "expectEdit",
                      tr("Read until this text arrives (when not empty); \\r, \\n, \\t and \\\\ as "
                         "in the payload"));
    form->addRow(tr("E&xpect:"), w->expect);
    w->readBytes = named(new IntSpinBox, "readBytesSpin",
                         tr("Or read this many bytes (0: do not wait for a reply)"));
    setRanges(w->readBytes, 0, 1 << 30);
    w->readBytes->setSuffix(tr(" bytes"));
    form->addRow(tr("Rea&d:"), w->readBytes);
    w->tcpTimeout = durationEdit("tcpTimeoutEdit",
                                 tr("How long a call may take before it fails with \"timeout\""));
    form->addRow(tr("&Timeout:"), w->tcpTimeout);

    return page;
}

QWidget* ScenarioEditor::buildCommandPage() {
    auto* page = new QGroupBox(tr("Command target"));
    page->setObjectName(S(u"commandPage"));
    auto* form = new QFormLayout(page);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    w->program =
        named(new QLineEdit, "programEdit",
              tr("The program to run for each call (found on PATH); a non-zero exit is an error"));
    form->addRow(tr("&Program:"), w->program);
    w->args = named(new QPlainTextEdit, "argsEdit",
                    tr("The program's arguments, one per line, passed as written"));
    w->args->setTabChangesFocus(true);
    w->args->setMinimumHeight(w->args->fontMetrics().lineSpacing() * 3 + 10);
    w->args->setMaximumHeight(w->args->fontMetrics().lineSpacing() * 6 + 10);
    form->addRow(tr("Ar&guments:"), w->args);
    w->commandTimeout =
        durationEdit("commandTimeoutEdit", tr("How long a run may take before it is killed"));
    form->addRow(tr("&Timeout:"), w->commandTimeout);

    return page;
}

QWidget* ScenarioEditor::buildFlowPage() {
    auto* page = new QGroupBox(tr("Flow target"));
    page->setObjectName(S(u"flowPage"));
    auto* layout = new QVBoxLayout(page);

    // The steps, in order, with their buttons beside them.
    w->flowSteps = named(new QListWidget, "flowStepsList",
                         tr("The journey's steps, in the order they run; select one to edit it "
                            "below. A value a step extracts is ${name} in the later steps."));
    w->flowSteps->setAccessibleName(tr("Steps"));
    {
        auto* selection = new KeptSelection(w->flowSteps->model(), w->flowSteps);
        selection->refuses = [this](int row) { return keepsStep(row); };
        QItemSelectionModel* old = w->flowSteps->selectionModel();
        w->flowSteps->setSelectionModel(selection); // QListWidget connects its signals again
        delete old;
    }
    // A line longer than the list (a long path and query) ends in "…", its whole text in
    // its tooltip: the list scrolled sideways at 1024x700, its bar over the last line.
    w->flowSteps->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    w->flowSteps->setTextElideMode(Qt::ElideRight);
    w->flowSteps->setResizeMode(QListView::Adjust);
    const int line = w->flowSteps->fontMetrics().lineSpacing() + 4;
    w->flowSteps->setMinimumHeight(line * 3 + 6);
    w->flowSteps->setMaximumHeight(line * 6 + 6);
    w->stepAdd = toolButton("stepAddButton", S(u"+"), tr("Add a step after the selected one"),
                            tr("Add step"));
    w->stepRemove =
        toolButton("stepRemoveButton", S(u"−"), tr("Remove the selected step"), tr("Remove step"));
    w->stepUp =
        toolButton("stepUpButton", S(u"↑"), tr("Move the selected step up"), tr("Move step up"));
    w->stepDown = toolButton("stepDownButton", S(u"↓"), tr("Move the selected step down"),
                             tr("Move step down"));
    auto* stepButtons = new QVBoxLayout;
    for (QToolButton* b : {w->stepAdd, w->stepRemove, w->stepUp, w->stepDown})
        stepButtons->addWidget(b);
    stepButtons->addStretch();
    auto* stepsLabel = new QLabel(tr("Ste&ps:"));
    stepsLabel->setBuddy(w->flowSteps);
    layout->addWidget(stepsLabel);
    auto* stepsRow = new QHBoxLayout;
    stepsRow->addWidget(w->flowSteps, 1);
    stepsRow->addLayout(stepButtons);
    layout->addLayout(stepsRow);
    w->cookies = named(new QCheckBox(tr("Cookie jar per journey")), "cookiesCheck",
                       tr("Keep the cookies a journey's responses set and send them in its later "
                          "steps (a login carries through the journey)"));
    layout->addWidget(w->cookies);
    w->fields.insert(S(u"target.steps"), w->flowSteps);

    // The selected step.
    w->stepBox = new QGroupBox(tr("Step"));
    w->stepBox->setObjectName(S(u"stepBox"));
    auto* form = new QFormLayout(w->stepBox);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    // The step's box sits in the flow's: two boxes' margins on each side left the shipped
    // journey's login URL ~7 px short of its text at 1024x700. The inner box keeps a narrow
    // margin on the sides (its frame still shows where the step's fields end).
    {
        const QMargins m = form->contentsMargins();
        form->setContentsMargins(std::min(m.left(), 3), m.top(), std::min(m.right(), 3),
                                 m.bottom());
    }
    w->stepName = named(new QLineEdit, "stepNameEdit",
                        tr("The step's name: its series is worker/name in results and "
                           "thresholds; unique in the flow"));
    form->addRow(tr("Na&me:"), w->stepName);
    w->stepMethod =
        named(new MethodCombo, "stepMethodCombo", tr("The request method; type another if needed"));
    static_cast<MethodCombo*>(w->stepMethod)->left = [this](Qt::FocusReason why) {
        if (endsTyping(why))
            ++m_mergeEpoch;
    };
    form->addRow(tr("Meth&od:"), w->stepMethod);
    w->stepUrl = named(new QLineEdit, "stepUrlEdit",
                       tr("The URL to call; ${name} (in the path and query) takes a value an "
                          "earlier step extracted, or a data file's column"));
    w->stepUrl->setPlaceholderText(S(u"http://sandbox/login"));
    // The URL's row and the headers table span the step's form, as on the HTTP page: in the
    // labels' column, which Think time makes wide, at 1024x700 the shipped journey's
    // `http://sandbox/login?delay=5ms-15ms` was cut, and its header read "Content-…" and
    // "applicatio…".
    auto* urlLabel = new QLabel(tr("UR&L:"));
    urlLabel->setBuddy(w->stepUrl);
    auto* urlRow = new QHBoxLayout;
    urlRow->addWidget(urlLabel);
    urlRow->addWidget(w->stepUrl, 1);
    form->addRow(urlRow);

    auto table = [](QTableWidget* t) {
        t->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
        t->verticalHeader()->hide();
        t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 6);
        t->setSelectionBehavior(QAbstractItemView::SelectRows);
        const int cell = t->verticalHeader()->defaultSectionSize();
        t->setMinimumHeight(cell * 3 + 6);
        t->setMaximumHeight(cell * 5 + 6);
    };
    w->stepHeaders = named(new QTableWidget(0, 2), "stepHeadersTable",
                           tr("The step's request headers, one name and value per row; ${name} "
                              "takes an extracted value. F2 edits a cell."));
    w->stepHeaders->setAccessibleName(tr("Step headers"));
    w->stepHeaders->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    table(w->stepHeaders);
    w->stepHeaderAdd =
        toolButton("stepHeaderAddButton", S(u"+"), tr("Add a header"), tr("Add step header"));
    w->stepHeaderRemove = toolButton("stepHeaderRemoveButton", S(u"−"),
                                     tr("Remove the selected header"), tr("Remove step header"));
    auto* headerButtons = new QVBoxLayout;
    headerButtons->addWidget(w->stepHeaderAdd);
    headerButtons->addWidget(w->stepHeaderRemove);
    headerButtons->addStretch();
    auto* headersRow = new QHBoxLayout;
    headersRow->addWidget(w->stepHeaders, 1);
    headersRow->addLayout(headerButtons);
    auto* headersLabel = new QLabel(tr("Hea&ders:"));
    headersLabel->setBuddy(w->stepHeaders);
    form->addRow(headersLabel);
    form->addRow(headersRow);

    w->stepBody = named(new QPlainTextEdit, "stepBodyEdit",
                        tr("The request body, sent as written; ${name} takes an extracted value"));
    w->stepBody->setTabChangesFocus(true);
    w->stepBody->setMinimumHeight(w->stepBody->fontMetrics().lineSpacing() * 2 + 10);
    w->stepBody->setMaximumHeight(w->stepBody->fontMetrics().lineSpacing() * 5 + 10);
    // The step's width under its label, as on the HTTP page.
    auto* stepBodyLabel = new QLabel(tr("B&ody:"));
    stepBodyLabel->setBuddy(w->stepBody);
    form->addRow(stepBodyLabel);
    form->addRow(w->stepBody);

    w->stepTimeout =
        durationEdit("stepTimeoutEdit",
                     tr("How long the step may take before the journey fails (timeout)"), true);
    w->stepStatus = named(new QLineEdit, "stepStatusEdit",
                          tr("The statuses that count as success, commas or spaces between "
                             "them (e.g. 200, 201 or 200 201); empty means any status from 200 "
                             "to 399"));
    w->stepStatus->setPlaceholderText(tr("200–399"));
    // Each on a row of its own, as on the HTTP page: sharing one, at 1024x700 each got
    // ~70 px, less than the timeout's placeholder needs.
    form->addRow(tr("T&imeout:"), w->stepTimeout);
    form->addRow(tr("Stat&us:"), w->stepStatus);
    w->stepExpectBody =
        named(new QLineEdit, "stepExpectBodyEdit",
              tr("A text the response body must contain, exact and case-sensitive (e.g. "
                 "\"status\":\"ok\"); ${name} takes an extracted value. A body without it fails "
                 "the step with kind \"body\", after the status check. Empty: not checked"));
    w->stepExpectBody->setPlaceholderText(tr("not checked"));
    // Its label above it, the field the step's width, as on the HTTP page (in the labels'
    // column the label would also widen it, and narrow every field of the step, by ~40 px).
    auto* expectBodyLabel = new QLabel(tr("Bod&y must contain:"));
    expectBodyLabel->setBuddy(w->stepExpectBody);
    form->addRow(expectBodyLabel);
    form->addRow(w->stepExpectBody);

    w->stepThink = named(new QLineEdit, "stepThinkEdit",
                         tr("Think time before the step: empty for none, a duration (500ms) or a "
                            "range drawn uniformly (200ms-800ms)"));
    w->stepThink->setPlaceholderText(tr("none"));
    form->addRow(tr("Thin&k time:"), w->stepThink);
    w->stepOptional = named(new QCheckBox(tr("Optional")), "stepOptionalCheck",
                            tr("When this step fails it counts as its error, but the journey "
                               "goes on"));
    form->addRow(QString(), w->stepOptional);

    w->stepExtract = named(new QTableWidget(0, 3), "stepExtractTable",
                           tr("Values taken from the response, for the later steps as ${name}. "
                              "Source: json (a JSON pointer such as /token), regex (its first "
                              "group), header or cookie (a name). F2 edits a cell."));
    w->stepExtract->setAccessibleName(tr("Extract"));
    w->stepExtract->setHorizontalHeaderLabels({tr("Name"), tr("Source"), tr("Expression")});
    table(w->stepExtract);
    w->stepExtractAdd =
        toolButton("stepExtractAddButton", S(u"+"), tr("Add an extraction"), tr("Add extraction"));
    w->stepExtractRemove =
        toolButton("stepExtractRemoveButton", S(u"−"), tr("Remove the selected extraction"),
                   tr("Remove extraction"));
    auto* extractButtons = new QVBoxLayout;
    extractButtons->addWidget(w->stepExtractAdd);
    extractButtons->addWidget(w->stepExtractRemove);
    extractButtons->addStretch();
    auto* extractRow = new QHBoxLayout;
    extractRow->addWidget(w->stepExtract, 1);
    extractRow->addLayout(extractButtons);
    auto* extractLabel = new QLabel(tr("E&xtract:"));
    extractLabel->setBuddy(w->stepExtract);
    // Its three columns take the form's whole width, under their label: beside it, at the
    // dock's width, "Expression" was clipped to "xpressio".
    form->addRow(extractLabel);
    form->addRow(extractRow);
    w->fields.insert(S(u"target.steps.headers"), w->stepHeaders);
    w->fields.insert(S(u"target.steps.extract"), w->stepExtract);
    layout->addWidget(w->stepBox);

    // The journey's connections and TLS identity: the same keys as an http target's, for
    // every step (the validator names them by these labels too).
    auto* tlsBox = new QGroupBox(tr("Connections and TLS"));
    tlsBox->setObjectName(S(u"flowTlsBox"));
    auto* tls = new QFormLayout(tlsBox);
    tls->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    w->flowConnections = named(new IntSpinBox, "flowConnectionsSpin",
                               tr("The most connections open at once, for all the steps; 0: as "
                                  "many as the journeys in flight need"));
    w->flowConnections->setLeastWord(tr("as needed"));
    setRanges(w->flowConnections, 0, static_cast<int>(kMaxConnections));
    tls->addRow(tr("Connections:"), w->flowConnections);
    w->flowInsecure = named(new QCheckBox(tr("Insecure TLS")), "flowInsecureCheck",
                            tr("https: do not verify the servers' certificates"));
    tls->addRow(QString(), w->flowInsecure);
    auto path = [&](QLineEdit*& e, const char* name, const QString& label, const QString& help,
                    const QString& placeholder) {
        e = named(new QLineEdit, name, help);
        e->setPlaceholderText(placeholder);
        tls->addRow(label, e);
    };
    path(w->flowCaFile, "flowCaFileEdit", tr("CA file:"),
         tr("https: a PEM file of the certificate authorities to trust instead of the system "
            "store; ${VAR} allowed"),
         tr("system CA store"));
    path(w->flowClientCert, "flowClientCertEdit", tr("Client cert:"),
         tr("https: a PEM file of the client certificate, sent when a server asks for one"),
         tr("none"));
    path(w->flowClientKey, "flowClientKeyEdit", tr("Client key:"),
         tr("https: the client certificate's private key; empty: in the certificate's file"),
         tr("in the cert file"));
    path(w->flowClientKeyPassphrase, "flowClientKeyPassphraseEdit", tr("Key passphrase:"),
         tr("https: the passphrase of an encrypted client key; write ${VAR} to take it from the "
            "environment (text typed here is saved in the file)"),
         S(u"${PASSPHRASE}"));
    path(w->flowServerName, "flowServerNameEdit", tr("Server name:"),
         tr("https: the host name sent as SNI and checked against the certificate instead of "
            "the URL's host"),
         tr("the URL's host"));
    layout->addWidget(tlsBox);
    return page;
}

QWidget* ScenarioEditor::buildSyntheticPage() {
    auto* page = new QGroupBox(tr("Synthetic target"));
    page->setObjectName(S(u"syntheticPage"));
    auto* layout = new QVBoxLayout(page);
    auto* top = new QFormLayout;
    top->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    w->distribution =
        named(new FramedCombo, "distributionCombo",
              tr("How the simulated latency is spread: fixed, uniform, normal or lognormal"));
    w->distribution->addItems({S(u"fixed"), S(u"uniform"), S(u"normal"), S(u"lognormal")});
    top->addRow(tr("Dis&tribution:"), w->distribution);
    layout->addLayout(top);

    w->distributionStack = new FittingStack;
    w->distributionStack->setObjectName(S(u"distributionStack"));
    auto page2 = [this](const QString& l1, QLineEdit* e1, const QString& l2 = {},
                        QLineEdit* e2 = nullptr) {
        auto* p = new QWidget;
        auto* f = new QFormLayout(p);
        f->setContentsMargins(0, 0, 0, 0);
        f->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        f->addRow(l1, e1);
        if (e2)
            f->addRow(l2, e2);
        w->distributionStack->addWidget(p);
    };
    w->latencyValue = durationEdit("latencyValueEdit", tr("Every call takes this long"));
    w->latencyMin = durationEdit("latencyMinEdit", tr("The shortest latency"));
    w->latencyMax = durationEdit("latencyMaxEdit", tr("The longest latency"));
    w->latencyMean = durationEdit("latencyMeanEdit", tr("The mean latency"));
    w->latencyStddev =
        durationEdit("latencyStddevEdit", tr("The standard deviation of the latency"));
    w->latencyMedian = durationEdit("latencyMedianEdit", tr("The median latency (p50)"));
    w->latencyP99 = durationEdit("latencyP99Edit", tr("The 99th percentile latency"));
    page2(tr("&Latency:"), w->latencyValue);
    page2(tr("M&in:"), w->latencyMin, tr("Ma&x:"), w->latencyMax);
    page2(tr("Mea&n:"), w->latencyMean, tr("Std &dev:"), w->latencyStddev);
    page2(tr("Medi&an:"), w->latencyMedian, tr("P&99:"), w->latencyP99);
    layout->addWidget(w->distributionStack);

    auto* bottom = new QFormLayout;
    bottom->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    w->errorRatio =
        named(new NumberSpinBox, "errorRatioSpin",
              tr("The fraction of calls that fail (0 to 1, or a percentage: 0.01 or 1%)"));
    w->errorRatio->setRange(0, 1);
    w->errorRatio->setDecimals(4);
    w->errorRatio->setSingleStep(0.01);
    w->errorRatio->setTakesPercent(true);
    bottom->addRow(tr("Err&or ratio:"), w->errorRatio);
    layout->addLayout(bottom);

    return page;
}

QWidget* ScenarioEditor::buildRatePages() {
    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* top = new QFormLayout;
    top->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    w->rateMode =
        named(new FramedCombo, "rateModeCombo",
              tr("constant: a fixed rate; ramp: linear from one rate to another over the run; "
                 "stages: ramps to each stage's rate over its duration; max: the closed model, "
                 "overtime callers back to back"));
    w->rateMode->addItems({tr("constant"), tr("ramp"), tr("stages"), tr("max")});
    // Force shares the mode's row (which has room to spare): one row less keeps the section
    // short enough to stay in view (see buildWorkerForm).
    w->force =
        named(new IntSpinBox, "forceSpin",
              tr("How many replicas of this worker run (named \"ident #1\" … \"ident #N\")"));
    // Force takes any number up to its most: one past it is the box's own problem ("out of
    // range (1 to 1000)") and never reaches the scenario. Every edit shows the plan (a series
    // per replica) before the scenario is checked, so `1e9` typed made a billion replica
    // names and took the machine's memory (the app was killed); below 1 is the check's.
    w->force->setRanges(1, kMaxForce, kTypedIntMin, kMaxForce);
    auto* forceLabel = new QLabel(tr("For&ce:"));
    forceLabel->setBuddy(w->force);
    auto* modeRow = new QHBoxLayout;
    modeRow->addWidget(w->rateMode, 1);
    modeRow->addSpacing(6);
    modeRow->addWidget(forceLabel);
    modeRow->addWidget(w->force);
    auto* modeLabel = new QLabel(tr("&Mode:"));
    modeLabel->setBuddy(w->rateMode);
    top->addRow(modeLabel, modeRow);
    layout->addLayout(top);

    auto rpsSpin = [](const char* name, const QString& help) {
        auto* s = named(new NumberSpinBox, name, help);
        s->setRange(0, kMaxRps);
        s->setDecimals(3);
        s->setSuffix(tr(" rps"));
        s->setAccelerated(true);
        return s;
    };
    w->rateStack = new FittingStack;
    w->rateStack->setObjectName(S(u"rateStack"));
    auto formPage = [this]() {
        auto* p = new QWidget;
        auto* f = new QFormLayout(p);
        f->setContentsMargins(0, 0, 0, 0);
        f->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        w->rateStack->addWidget(p);
        return f;
    };
    w->rps = rpsSpin("rpsSpin", tr("Calls started per second"));
    formPage()->addRow(tr("R&PS:"), w->rps);

    w->rampFrom = rpsSpin("rampFromSpin", tr("The rate at the start of the run"));
    w->rampTo =
        rpsSpin("rampToSpin",
                tr("The rate at the end of the run (the ramp spans the scenario's duration)"));
    QFormLayout* ramp = formPage();
    ramp->addRow(tr("Fr&om:"), w->rampFrom);
    ramp->addRow(tr("&To:"), w->rampTo);

    w->stagesFrom = rpsSpin("stagesFromSpin", tr("The rate the first stage ramps from"));
    w->stages = named(
        new QTableWidget(0, 2), "stagesTable",
        tr("Each stage ramps linearly to its rate over its duration; the last rate then holds. "
           "F2 edits a cell."));
    w->stages->setAccessibleName(tr("Stages"));
    w->stages->setHorizontalHeaderLabels({tr("Duration"), tr("RPS")});
    w->stages->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    w->stages->verticalHeader()->setDefaultSectionSize(w->stages->fontMetrics().height() + 6);
    w->stages->setSelectionBehavior(QAbstractItemView::SelectRows);
    const int stageHeight = w->stages->verticalHeader()->defaultSectionSize();
    w->stages->setMinimumHeight(stageHeight * 3 + 6);
    w->stages->setMaximumHeight(stageHeight * 6 + 6);
    w->stageAdd = toolButton("stageAddButton", S(u"+"), tr("Add a stage"), tr("Add stage"));
    w->stageRemove = toolButton("stageRemoveButton", S(u"−"), tr("Remove the selected stage"),
                                tr("Remove stage"));
    auto* stageButtons = new QVBoxLayout;
    stageButtons->addWidget(w->stageAdd);
    stageButtons->addWidget(w->stageRemove);
    stageButtons->addStretch();
    auto* stagesRow = new QHBoxLayout;
    stagesRow->addWidget(w->stages, 1);
    stagesRow->addLayout(stageButtons);
    QFormLayout* stages = formPage();
    stages->addRow(tr("Fr&om:"), w->stagesFrom);
    auto* stagesLabel = new QLabel(tr("&Stages:"));
    stagesLabel->setBuddy(w->stages);
    stages->addRow(stagesLabel, stagesRow);

    // No word wrap: a height-for-width label inside the scroll area would let the layout
    // squeeze the other pages' tables.
    auto* maxLabel =
        new QLabel(tr("Closed model: <i>overtime</i> callers call back<br>to back, as fast as "
                      "the target answers."));
    formPage()->addRow(maxLabel);
    layout->addWidget(w->rateStack);

    auto* bottom = new QFormLayout;
    bottom->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    w->overtime =
        named(new IntSpinBox, "overtimeSpin",
              tr("How many calls may be in flight at once; with max, the number of callers"));
    // Past its most is the box's own problem, as Force's: the range it states ("out of range
    // (0 to 10000000)") is what it takes; 1e9 went into the scenario silently. Below 0 is the
    // check's ("must not be negative").
    w->overtime->setRanges(0, 10'000'000, kTypedIntMin, 10'000'000);
    w->overtimeDefault = named(new QCheckBox(tr("defau&lt")), "overtimeDefaultCheck",
                               tr("Use the engine's default overtime"));
    auto* overtimeRow = new QHBoxLayout;
    overtimeRow->addWidget(w->overtime, 1);
    overtimeRow->addWidget(w->overtimeDefault);
    auto* overtimeLabel = new QLabel(tr("&Overtime:"));
    overtimeLabel->setBuddy(w->overtime);
    bottom->addRow(overtimeLabel, overtimeRow);
    layout->addLayout(bottom);

    w->fields.insert(S(u"rate.stages"), w->stages);
    return box;
}

// ---------------------------------------------------------------- binding

namespace {

void showDuration(QLineEdit* e, Duration d) {
    const auto shown = parseDuration(e->text().trimmed());
    if (!shown || *shown != d)
        setText(e, formatDuration(d));
}

// readNumber is why `box`'s text is no number it can hold, or empty when it is one (put in
// `to`).
template <class Box, class T>
QString readNumber(const Box* box, T& to) {
    typename Box::Value value{};
    const QString why = box->problem(&value);
    if (why.isEmpty())
        to = T(value);
    return why;
}

// readDuration is why `e`'s text is no duration, or empty when it is one (put in `d`).
QString readDuration(const QLineEdit* e, Duration& d) {
    const QString text = e->text().trimmed();
    const std::optional<Duration> parsed = parseDuration(text);
    if (!parsed)
        return invalidDuration(text);
    d = *parsed;
    return {};
}

// stepOf is the selected step of a worker's flow, or null.
template <class W>
auto stepOf(W& x, int i) {
    using Step = decltype(&x.target.steps[0]);
    return i >= 0 && i < x.target.steps.size() ? &x.target.steps[i] : Step(nullptr);
}

// thinkText shows a step's think time as the think field reads it: empty (none), "500ms"
// (fixed) or "200ms-800ms" (uniform). A normal or lognormal one from a file is shown by its
// parameters; it stays as it is unless the field is edited.
QString thinkText(const StepSpec& s) {
    if (!s.hasThink)
        return {};
    const LatencySpec& t = s.think;
    switch (t.distribution) {
    case LatencySpec::Distribution::Fixed:
        return formatDuration(t.value);
    case LatencySpec::Distribution::Uniform:
        return formatDuration(t.min) + u'-' + formatDuration(t.max);
    case LatencySpec::Distribution::Normal:
        return S(u"normal %1 ± %2").arg(formatDuration(t.mean), formatDuration(t.stddev));
    case LatencySpec::Distribution::LogNormal:
        return S(u"lognormal %1 p99 %2").arg(formatDuration(t.median), formatDuration(t.p99));
    }
    return {};
}

// readThink reads the think field into `s`; why not, when the text is no think time.
QString readThink(const QString& typed, StepSpec& s) {
    const QString text = typed.trimmed();
    if (text.isEmpty()) {
        s.hasThink = false;
        return {};
    }
    const QString why = ScenarioEditor::tr("invalid think time \"%1\" (expected e.g. 500ms, or "
                                           "200ms-800ms for a uniform range)")
                            .arg(text);
    const qsizetype dash = text.indexOf(u'-');
    if (dash < 0) {
        const auto d = parseDuration(text);
        if (!d)
            return why;
        s.hasThink = true;
        s.think.distribution = LatencySpec::Distribution::Fixed;
        s.think.value = *d;
        return {};
    }
    const auto lo = parseDuration(text.left(dash).trimmed());
    const auto hi = parseDuration(text.mid(dash + 1).trimmed());
    if (!lo || !hi)
        return why;
    // The validator's word for it, "must be at least min", names a key the field does not
    // show: the field says what is wrong with the text typed.
    if (*hi < *lo)
        return ScenarioEditor::tr("think time \"%1\" ends before it starts (expected the "
                                  "shorter first, e.g. 200ms-800ms)")
            .arg(text);
    s.hasThink = true;
    s.think.distribution = LatencySpec::Distribution::Uniform;
    s.think.min = *lo;
    s.think.max = *hi;
    return {};
}

// statusText and readStatus show and read a list of expected statuses ("200, 204").
QString statusText(const QList<int>& codes) {
    QStringList parts;
    for (int code : codes)
        parts.append(QString::number(code));
    return parts.join(S(u", "));
}

// Commas, spaces or both between them, as Hosts takes its list (readStatuses): "200 204"
// was '"200 204" is not a status code'.
QString readStatus(const QString& text, QList<int>& codes) {
    QString why;
    const std::optional<QList<int>> read = readStatuses(text, &why);
    if (!read)
        return why;
    codes = *read;
    return {};
}

// concrete is a field's path for the selected step: "target.steps.url" is
// "target.steps[2].url" when step 2 is selected; other paths stay.
QString concrete(const QString& rel, int step) {
    if (!rel.startsWith(u"target.steps."))
        return rel;
    return S(u"target.steps[%1].").arg(step) + rel.mid(13);
}

// stepPattern matches a path inside a flow's step: "target.steps[2].url".
const QRegularExpression& stepPattern() {
    static const QRegularExpression re(S(u"^target\\.steps\\[(\\d+)\\](?:\\.([a-z_]+)(.*))?$"));
    return re;
}

} // namespace

// AT(member) names a member of a worker: AT(target.url) is x.target.url.
#define AT(member)                                                                                 \
    [](auto& x) -> auto& {                                                                         \
        return x.member;                                                                           \
    }

void ScenarioEditor::bindFields() {
    auto bind = [this](QWidget* widget, const QString& path, const QString& undoText,
                       bool mergeable, auto show, auto read) {
        w->bound.push_back(Field{path, true, widget, undoText, mergeable, show, read});
        w->fields.insert(path, widget);
    };
    auto bindScenario = [this](QWidget* widget, const QString& path, const QString& undoText,
                               auto show, auto read, bool mergeable = true) {
        w->bound.push_back(Field{path, false, widget, undoText, mergeable,
                                 [show](const Scenario& s, const WorkerSpec&) { show(s); },
                                 [read](Scenario& s, WorkerSpec&) { return read(s); }});
        w->scenarioFields.insert(path, widget);
    };
    // The kinds of field, by their widget.
    auto text = [&](QLineEdit* e, const QString& path, const QString& undoText, auto at) {
        bind(
            e, path, undoText, true,
            [e, at](const Scenario&, const WorkerSpec& x) { setText(e, at(x)); },
            [e, at](Scenario&, WorkerSpec& x) {
                at(x) = e->text();
                return QString();
            });
    };
    auto duration = [&](QLineEdit* e, const QString& path, const QString& undoText, auto at) {
        bind(
            e, path, undoText, true,
            [e, at](const Scenario&, const WorkerSpec& x) { showDuration(e, at(x)); },
            [e, at](Scenario&, WorkerSpec& x) { return readDuration(e, at(x)); });
    };
    auto escapedText = [&](QLineEdit* e, const QString& path, const QString& undoText, auto at) {
        bind(
            e, path, undoText, true,
            [e, at](const Scenario&, const WorkerSpec& x) { setText(e, escaped(at(x))); },
            [e, at](Scenario&, WorkerSpec& x) {
                QString why;
                const std::optional<QString> value = unescaped(e->text(), &why);
                if (value)
                    at(x) = *value;
                return why;
            });
    };
    auto number = [&](auto* spin, const QString& path, const QString& undoText, auto at) {
        bind(
            spin, path, undoText, true,
            [spin, at](const Scenario&, const WorkerSpec& x) { setValue(spin, at(x)); },
            [spin, at](Scenario&, WorkerSpec& x) { return readNumber(spin, at(x)); });
    };
    auto check = [&](QAbstractButton* box, const QString& path, const QString& undoText, auto at) {
        bind(
            box, path, undoText, false,
            [box, at](const Scenario&, const WorkerSpec& x) { setChecked(box, at(x)); },
            [box, at](Scenario&, WorkerSpec& x) {
                at(x) = box->isChecked();
                return QString();
            });
    };

    // The scenario.
    bindScenario(
        w->name, S(u"name"), tr("Edit name"),
        [this](const Scenario& s) { setText(w->name, s.name); },
        [this](Scenario& s) {
            s.name = w->name->text();
            return QString();
        });
    bindScenario(
        w->duration, S(u"duration"), tr("Edit duration"),
        [this](const Scenario& s) { showDuration(w->duration, s.duration); },
        [this](Scenario& s) { return readDuration(w->duration, s.duration); });
    bindScenario(
        w->interval, S(u"interval"), tr("Edit interval"),
        [this](const Scenario& s) { showDuration(w->interval, s.interval); },
        [this](Scenario& s) { return readDuration(w->interval, s.interval); });
    w->scenarioFields.insert(S(u"thresholds"), w->thresholds);
    w->scenarioFields.insert(S(u"workers"), w->workers);
    // Where the app runs it.
    bindScenario(
        w->runOn, S(u"distributed.enabled"), tr("Change where it runs"),
        [this](const Scenario& s) { setIndex(w->runOn, s.distributed.enabled ? 1 : 0); },
        [this](Scenario& s) {
            s.distributed.enabled = w->runOn->currentIndex() == 1;
            return QString();
        },
        false);
    bindScenario(
        w->ranks, S(u"distributed.ranks"), tr("Edit ranks"),
        [this](const Scenario& s) { setValue(w->ranks, s.distributed.ranks); },
        [this](Scenario& s) { return readNumber(w->ranks, s.distributed.ranks); });
    bindScenario(
        w->hosts, S(u"distributed.hosts"), tr("Edit hosts"),
        [this](const Scenario& s) {
            // The text stays as typed while it means the same hosts.
            if (hostList(w->hosts->text()) != s.distributed.hosts)
                setText(w->hosts, s.distributed.hosts.join(S(u", ")));
        },
        [this](Scenario& s) {
            s.distributed.hosts = hostList(w->hosts->text());
            return QString();
        });
    bindScenario(
        w->hostfile, S(u"distributed.hostfile"), tr("Edit hostfile"),
        [this](const Scenario& s) { setText(w->hostfile, s.distributed.hostfile); },
        [this](Scenario& s) {
            s.distributed.hostfile = w->hostfile->text().trimmed();
            return QString();
        });

    // The worker and its target.
    text(w->ident, S(u"ident"), tr("Rename worker"), AT(ident));
    bind(
        w->kind, S(u"target.kind"), tr("Change target kind"), false,
        [this](const Scenario&, const WorkerSpec& x) {
            const int kind = w->kind->findData(x.target.kind);
            setIndex(w->kind, kind);
            if (kind >= 0)
                w->targetStack->setCurrentIndex(kind);
        },
        [this](Scenario&, WorkerSpec& x) {
            const QString kind = w->kind->currentData().toString();
            // A flow chosen for a worker with no steps starts with one, made of the worker's
            // HTTP request (the http page's fields, kept whatever the kind), as a rate mode
            // chosen starts from the current rate: it opened with "Steps: a flow needs at
            // least one step" and an empty, disabled step form.
            if (kind == u"flow" && x.target.kind != kind && x.target.steps.isEmpty()) {
                StepSpec st;
                st.name = S(u"step1");
                st.method = x.target.method;
                st.url = x.target.url;
                st.headers = x.target.headers;
                st.body = x.target.body;
                st.timeout = x.target.timeout;
                st.expectStatus = x.target.expectStatus;
                st.expectBody = x.target.expectBody;
                x.target.steps.append(st);
            }
            x.target.kind = kind;
            return QString();
        });
    // http
    bind(
        w->method, S(u"target.method"), tr("Edit method"), true,
        [this](const Scenario&, const WorkerSpec& x) { setMethod(w->method, x.target.method); },
        [this](Scenario&, WorkerSpec& x) {
            x.target.method = w->method->currentText();
            return QString();
        });
    text(w->url, S(u"target.url"), tr("Edit URL"), AT(target.url));
    bind(
        w->body, S(u"target.body"), tr("Edit body"), true,
        [this](const Scenario&, const WorkerSpec& x) {
            // QPlainTextEdit keeps line breaks as \n only.
            setPlainText(
                w->body,
                QString(x.target.body).replace(S(u"\r\n"), S(u"\n")).replace(u'\r', u'\n'));
        },
        [this](Scenario&, WorkerSpec& x) {
            x.target.body = w->body->toPlainText();
            return QString();
        });
    duration(w->httpTimeout, S(u"target.timeout"), tr("Edit timeout"), AT(target.timeout));
    bind(
        w->expectStatus, S(u"target.expect_status"), tr("Edit expected statuses"), true,
        [this](const Scenario&, const WorkerSpec& x) {
            // The text stays as typed while it means the same statuses ("200 204").
            QList<int> shown;
            if (readStatus(w->expectStatus->text(), shown).isEmpty() &&
                shown == x.target.expectStatus)
                return;
            setText(w->expectStatus, statusText(x.target.expectStatus));
        },
        [this](Scenario&, WorkerSpec& x) {
            return readStatus(w->expectStatus->text(), x.target.expectStatus);
        });
    text(w->expectBody, S(u"target.expect_body"), tr("Edit expected body text"),
         AT(target.expectBody));
    bind(
        w->version, S(u"target.version"), tr("Change HTTP version"), false,
        [this](const Scenario&, const WorkerSpec& x) {
            setIndex(w->version, w->version->findText(x.target.httpVersion));
        },
        [this](Scenario&, WorkerSpec& x) {
            x.target.httpVersion = w->version->currentText();
            return QString();
        });
    check(w->insecure, S(u"target.insecure"), tr("Toggle insecure TLS"), AT(target.insecure));
    check(w->followRedirects, S(u"target.follow_redirects"), tr("Toggle follow redirects"),
          AT(target.followRedirects));
    text(w->caFile, S(u"target.ca_file"), tr("Edit CA file"), AT(target.caFile));
    text(w->clientCert, S(u"target.client_cert"), tr("Edit client certificate"),
         AT(target.clientCert));
    text(w->clientKey, S(u"target.client_key"), tr("Edit client key"), AT(target.clientKey));
    text(w->clientKeyPassphrase, S(u"target.client_key_passphrase"), tr("Edit key passphrase"),
         AT(target.clientKeyPassphrase));
    text(w->serverName, S(u"target.server_name"), tr("Edit server name"), AT(target.serverName));
    number(w->connections, S(u"target.connections"), tr("Edit connections"),
           AT(target.connections));
    number(w->streams, S(u"target.streams"), tr("Edit streams per connection"), AT(target.streams));
    // flow: the journey's options, and the selected step's request (see stepPath)
    check(w->cookies, S(u"target.cookies"), tr("Toggle cookie jar"), AT(target.cookies));
    check(w->flowInsecure, S(u"target.insecure"), tr("Toggle insecure TLS"), AT(target.insecure));
    text(w->flowCaFile, S(u"target.ca_file"), tr("Edit CA file"), AT(target.caFile));
    text(w->flowClientCert, S(u"target.client_cert"), tr("Edit client certificate"),
         AT(target.clientCert));
    text(w->flowClientKey, S(u"target.client_key"), tr("Edit client key"), AT(target.clientKey));
    text(w->flowClientKeyPassphrase, S(u"target.client_key_passphrase"), tr("Edit key passphrase"),
         AT(target.clientKeyPassphrase));
    text(w->flowServerName, S(u"target.server_name"), tr("Edit server name"),
         AT(target.serverName));
    number(w->flowConnections, S(u"target.connections"), tr("Edit connections"),
           AT(target.connections));
    auto stepText = [&](QLineEdit* e, const QString& path, const QString& undoText, auto at) {
        bind(
            e, path, undoText, true,
            [this, e, at](const Scenario&, const WorkerSpec& x) {
                if (const StepSpec* st = stepOf(x, w->step))
                    setText(e, at(*st));
            },
            [this, e, at](Scenario&, WorkerSpec& x) {
                if (StepSpec* st = stepOf(x, w->step))
                    at(*st) = e->text();
                return QString();
            });
    };
    stepText(w->stepName, S(u"target.steps.name"), tr("Rename step"), AT(name));
    bind(
        w->stepMethod, S(u"target.steps.method"), tr("Edit step method"), true,
        [this](const Scenario&, const WorkerSpec& x) {
            const StepSpec* st = stepOf(x, w->step);
            if (st)
                setMethod(w->stepMethod, st->method);
        },
        [this](Scenario&, WorkerSpec& x) {
            if (StepSpec* st = stepOf(x, w->step))
                st->method = w->stepMethod->currentText();
            return QString();
        });
    stepText(w->stepUrl, S(u"target.steps.url"), tr("Edit step URL"), AT(url));
    bind(
        w->stepBody, S(u"target.steps.body"), tr("Edit step body"), true,
        [this](const Scenario&, const WorkerSpec& x) {
            if (const StepSpec* st = stepOf(x, w->step))
                setPlainText(w->stepBody,
                             QString(st->body).replace(S(u"\r\n"), S(u"\n")).replace(u'\r', u'\n'));
        },
        [this](Scenario&, WorkerSpec& x) {
            if (StepSpec* st = stepOf(x, w->step))
                st->body = w->stepBody->toPlainText();
            return QString();
        });
    bind(
        w->stepTimeout, S(u"target.steps.timeout"), tr("Edit step timeout"), true,
        [this](const Scenario&, const WorkerSpec& x) {
            if (const StepSpec* st = stepOf(x, w->step))
                showDuration(w->stepTimeout, st->timeout);
        },
        [this](Scenario&, WorkerSpec& x) {
            StepSpec* st = stepOf(x, w->step);
            return st ? readDuration(w->stepTimeout, st->timeout) : QString();
        });
    bind(
        w->stepStatus, S(u"target.steps.expect_status"), tr("Edit step statuses"), true,
        [this](const Scenario&, const WorkerSpec& x) {
            const StepSpec* st = stepOf(x, w->step);
            QList<int> shown;
            if (st &&
                (!readStatus(w->stepStatus->text(), shown).isEmpty() || shown != st->expectStatus))
                setText(w->stepStatus, statusText(st->expectStatus));
        },
        [this](Scenario&, WorkerSpec& x) {
            StepSpec* st = stepOf(x, w->step);
            return st ? readStatus(w->stepStatus->text(), st->expectStatus) : QString();
        });
    stepText(w->stepExpectBody, S(u"target.steps.expect_body"),
             tr("Edit step's expected body text"), AT(expectBody));
    bind(
        w->stepThink, S(u"target.steps.think"), tr("Edit think time"), true,
        [this](const Scenario&, const WorkerSpec& x) {
            const StepSpec* st = stepOf(x, w->step);
            if (!st)
                return;
            StepSpec shown = *st;
            if (!readThink(w->stepThink->text(), shown).isEmpty() || shown != *st)
                setText(w->stepThink, thinkText(*st));
        },
        [this](Scenario&, WorkerSpec& x) {
            StepSpec* st = stepOf(x, w->step);
            return st ? readThink(w->stepThink->text(), *st) : QString();
        });
    bind(
        w->stepOptional, S(u"target.steps.optional"), tr("Toggle optional step"), false,
        [this](const Scenario&, const WorkerSpec& x) {
            if (const StepSpec* st = stepOf(x, w->step))
                setChecked(w->stepOptional, st->optional);
        },
        [this](Scenario&, WorkerSpec& x) {
            if (StepSpec* st = stepOf(x, w->step))
                st->optional = w->stepOptional->isChecked();
            return QString();
        });
    // tcp
    text(w->address, S(u"target.address"), tr("Edit address"), AT(target.address));
    escapedText(w->payload, S(u"target.payload"), tr("Edit payload"), AT(target.payload));
    escapedText(w->expect, S(u"target.expect"), tr("Edit expected reply"), AT(target.expect));
    number(w->readBytes, S(u"target.read_bytes"), tr("Edit read bytes"), AT(target.readBytes));
    duration(w->tcpTimeout, S(u"target.timeout"), tr("Edit timeout"), AT(target.timeout));
    // command
    text(w->program, S(u"target.program"), tr("Edit program"), AT(target.program));
    bind(
        w->args, S(u"target.args"), tr("Edit arguments"), true,
        [this](const Scenario&, const WorkerSpec& x) {
            if (argsFromText(w->args->toPlainText()) != x.target.args)
                w->args->setPlainText(x.target.args.join(u'\n'));
        },
        [this](Scenario&, WorkerSpec& x) {
            x.target.args = argsFromText(w->args->toPlainText());
            return QString();
        });
    duration(w->commandTimeout, S(u"target.timeout"), tr("Edit timeout"), AT(target.timeout));
    // synthetic
    bind(
        w->distribution, S(u"target.latency.distribution"), tr("Change distribution"), false,
        [this](const Scenario&, const WorkerSpec& x) {
            const int distribution = int(x.target.latency.distribution);
            setIndex(w->distribution, distribution);
            w->distributionStack->setCurrentIndex(distribution);
        },
        [this](Scenario&, WorkerSpec& x) {
            seedLatency(x.target.latency,
                        LatencySpec::Distribution(std::max(0, w->distribution->currentIndex())));
            return QString();
        });
    duration(w->latencyValue, S(u"target.latency.value"), tr("Edit latency"),
             AT(target.latency.value));
    duration(w->latencyMin, S(u"target.latency.min"), tr("Edit latency"), AT(target.latency.min));
    duration(w->latencyMax, S(u"target.latency.max"), tr("Edit latency"), AT(target.latency.max));
    duration(w->latencyMean, S(u"target.latency.mean"), tr("Edit latency"),
             AT(target.latency.mean));
    duration(w->latencyStddev, S(u"target.latency.stddev"), tr("Edit latency"),
             AT(target.latency.stddev));
    duration(w->latencyMedian, S(u"target.latency.median"), tr("Edit latency"),
             AT(target.latency.median));
    duration(w->latencyP99, S(u"target.latency.p99"), tr("Edit latency"), AT(target.latency.p99));
    number(w->errorRatio, S(u"target.error_ratio"), tr("Edit error ratio"), AT(target.errorRatio));

    // The data file.
    text(w->dataFile, S(u"data.file"), tr("Edit data file"), AT(data.file));
    w->fields.insert(S(u"data"), w->dataFile);
    bind(
        w->dataMode, S(u"data.mode"), tr("Change data mode"), false,
        [this](const Scenario&, const WorkerSpec& x) {
            setIndex(w->dataMode, w->dataMode->findText(x.data.mode));
        },
        [this](Scenario&, WorkerSpec& x) {
            x.data.mode = w->dataMode->currentText();
            return QString();
        });

    // The rate.
    bind(
        w->rateMode, S(u"rate.mode"), tr("Change rate mode"), false,
        [this](const Scenario&, const WorkerSpec& x) {
            setIndex(w->rateMode, int(x.rate.mode));
            w->rateStack->setCurrentIndex(int(x.rate.mode));
        },
        [this](Scenario& s, WorkerSpec& x) {
            RateSpec& r = x.rate;
            r.mode = RateSpec::Mode(std::max(0, w->rateMode->currentIndex()));
            // Sensible starting values, so that switching modes does not start with a problem.
            if (r.mode == RateSpec::Mode::Ramp && r.from == 0 && r.to == 0)
                r.to = r.rps > 0 ? r.rps : 10;
            if (r.mode == RateSpec::Mode::Stages && r.stages.isEmpty())
                r.stages.append({s.duration, r.rps > 0 ? r.rps : 10, {}});
            if (r.mode == RateSpec::Mode::Max && !x.overtime)
                x.overtime = 10;
            return QString();
        });
    number(w->rps, S(u"rate.rps"), tr("Edit rate"), AT(rate.rps));
    number(w->rampFrom, S(u"rate.from"), tr("Edit rate"), AT(rate.from));
    number(w->rampTo, S(u"rate.to"), tr("Edit rate"), AT(rate.to));
    number(w->stagesFrom, S(u"rate.from"), tr("Edit rate"), AT(rate.from));
    bind(
        w->overtime, S(u"overtime"), tr("Edit overtime"), true,
        [this](const Scenario&, const WorkerSpec& x) {
            // Left to the default, the greyed box shows the default itself, so that "default"
            // ticked off starts from the overtime the worker had. It kept the last worker
            // shown's ("200" under a new worker's "default", then its overtime once ticked off).
            w->overtime->setEnabled(x.overtime.has_value());
            setValue(w->overtime, x.overtime.value_or(kDefaultOvertime));
        },
        [this](Scenario&, WorkerSpec& x) {
            int overtime = 0;
            const QString why = readNumber(w->overtime, overtime);
            if (why.isEmpty())
                x.overtime = overtime;
            return why;
        });
    bind(
        w->overtimeDefault, S(u"overtime.default"), tr("Toggle default overtime"), false,
        [this](const Scenario&, const WorkerSpec& x) {
            setChecked(w->overtimeDefault, !x.overtime.has_value());
        },
        [this](Scenario&, WorkerSpec& x) {
            if (w->overtimeDefault->isChecked())
                x.overtime.reset();
            else
                x.overtime = w->overtime->value();
            return QString();
        });
    number(w->force, S(u"force"), tr("Edit force"), AT(force));
}

#undef AT

// ---------------------------------------------------------------- editing

void ScenarioEditor::connectFields() {
    // The fields: one loop over the bindings.
    for (std::size_t i = 0; i < w->bound.size(); ++i) {
        QWidget* x = w->bound[i].widget;
        const auto changed = [this, i] { fieldEdited(w->bound[i]); };
        if (auto* e = qobject_cast<QLineEdit*>(x))
            connect(e, &QLineEdit::textEdited, this, changed);
        else if (auto* p = qobject_cast<QPlainTextEdit*>(x))
            connect(p, &QPlainTextEdit::textChanged, this, changed);
        else if (auto* c = qobject_cast<QComboBox*>(x); c && c->isEditable())
            connect(c, &QComboBox::currentTextChanged, this, changed);
        else if (c)
            connect(c, &QComboBox::currentIndexChanged, this, changed);
        else if (auto* b = qobject_cast<QAbstractButton*>(x))
            connect(b, &QAbstractButton::toggled, this, changed);
        else if (auto* n = qobject_cast<QSpinBox*>(x))
            connect(n, &QSpinBox::valueChanged, this, changed);
        else if (auto* d = qobject_cast<QDoubleSpinBox*>(x))
            connect(d, &QDoubleSpinBox::valueChanged, this, changed);
        else
            Q_ASSERT_X(false, "connectFields", "a bound widget of no known kind");
        // A number box's text that is no number changes no value: it is read as typed too
        // (and when the box puts its value back over it, an arrow key pressed).
        if (auto* box = qobject_cast<QAbstractSpinBox*>(x))
            connect(box->findChild<QLineEdit*>(), &QLineEdit::textChanged, this, changed);
    }

    // The scenario's tables and buttons.
    connect(w->thresholds, &QListWidget::itemChanged, this, [this] { commitThresholds(); });
    connect(w->thresholdAdd, &QToolButton::clicked, this, [this] {
        edit(S(u"thresholds+"), tr("Add threshold"), false,
             [](Scenario& s) { s.thresholds.append(S(u"p99 < 500ms")); });
        w->thresholds->setFocus();
        if (QListWidgetItem* item = w->thresholds->item(w->thresholds->count() - 1)) {
            w->thresholds->setCurrentItem(item);
            w->thresholds->editItem(item);
            w->thresholds->setProperty(kNewRowAt, m_undo->index()); // Esc takes it back
        }
    });
    connect(w->thresholdRemove, &QToolButton::clicked, this, [this] {
        const int row = w->thresholds->currentRow();
        if (row >= 0 && row < m_scenario.thresholds.size())
            edit(S(u"thresholds-"), tr("Remove threshold"), false,
                 [row](Scenario& s) { s.thresholds.removeAt(row); });
    });

    // Workers.
    connect(m_model, &WorkerListModel::edited, this,
            [this](const QString& label) { commitWorkers(label); });
    connect(w->workers->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        if (m_updating)
            return;
        ++m_mergeEpoch;
        for (auto it = m_local.begin(); it != m_local.end();)
            it = it.key().startsWith(u"workers[") ? m_local.erase(it) : std::next(it);
        w->step = 0; // refreshWorkerForm makes it -1 for a worker without steps
        m_updating = true;
        refreshWorkerForm();
        m_updating = false;
        updateValidation();
    });
    auto select = [this](int row) {
        setCurrentWorker(row);
        if (m_last)
            m_last->m_workerAfter = row;
        m_last = nullptr;
    };
    connect(w->add, &QToolButton::clicked, this, [this, select] {
        if (keepsForm(tr("add a worker")))
            return;
        m_last = nullptr;
        select(m_model->addWorker());
        w->ident->setFocus();
        w->ident->selectAll();
    });
    connect(w->duplicate, &QToolButton::clicked, this, [this, select] {
        if (keepsForm(tr("duplicate the worker")))
            return;
        m_last = nullptr;
        const int row = m_model->duplicateWorker(currentWorker());
        if (row >= 0)
            select(row);
    });
    connect(w->remove, &QToolButton::clicked, this, [this, select] {
        if (keepsForm(tr("remove the worker")))
            return;
        const int row = currentWorker();
        m_last = nullptr;
        if (m_model->removeWorker(row))
            select(std::min(row, m_model->rowCount() - 1));
    });
    connect(w->up, &QToolButton::clicked, this, [this, select] {
        if (keepsForm(tr("move the worker")))
            return;
        const int row = currentWorker();
        m_last = nullptr;
        if (m_model->moveWorker(row, row - 1))
            select(row - 1);
    });
    connect(w->down, &QToolButton::clicked, this, [this, select] {
        if (keepsForm(tr("move the worker")))
            return;
        const int row = currentWorker();
        m_last = nullptr;
        if (m_model->moveWorker(row, row + 1))
            select(row + 1);
    });
    connect(w->enable, &QToolButton::toggled, this, [this](bool on) {
        if (m_updating || currentWorker() < 0)
            return;
        m_model->setData(m_model->index(currentWorker(), WorkerListModel::EnabledColumn),
                         on ? Qt::Checked : Qt::Unchecked, Qt::CheckStateRole);
    });

    // The selected worker's tables and buttons.
    connect(w->headers, &QTableWidget::itemChanged, this, [this] { commitHeaders(); });
    connect(w->headerAdd, &QToolButton::clicked, this, [this] {
        editWorker(S(u"target.headers+"), tr("Add header"), false, [](WorkerSpec& x) {
            x.target.headers.append({QString(), QString()});
        });
        showNewRow(w->scroll, w->headers, w->headers->rowCount() - 1, true);
        w->headers->setProperty(kNewRowAt, m_undo->index());
    });
    connect(w->headerRemove, &QToolButton::clicked, this, [this] {
        const int row = w->headers->currentRow();
        editWorker(S(u"target.headers-"), tr("Remove header"), false, [row](WorkerSpec& x) {
            if (row >= 0 && row < x.target.headers.size())
                x.target.headers.removeAt(row);
        });
    });
    // The flow's steps: the list selects the step the form below shows.
    connect(w->flowSteps, &QListWidget::currentRowChanged, this, [this](int row) {
        if (m_updating || row < 0 || row == w->step)
            return;
        ++m_mergeEpoch;
        const QString prefix = workerPath(currentWorker()) + S(u".target.steps[");
        for (auto it = m_local.begin(); it != m_local.end();)
            it = it.key().startsWith(prefix) ? m_local.erase(it) : std::next(it);
        w->step = row;
        m_updating = true;
        refreshWorkerForm();
        m_updating = false;
        updateValidation();
    });
    connect(w->stepAdd, &QToolButton::clicked, this, [this] {
        if (keepsSteps(tr("add a step")))
            return;
        const int row = currentWorker();
        if (row < 0 || row >= m_scenario.workers.size())
            return;
        const QList<StepSpec>& steps = m_scenario.workers[row].target.steps;
        const int at = int(std::clamp<qsizetype>(w->step + 1, 0, steps.size()));
        // A new step gets a name of its own ("step 3"), so that it starts without a problem.
        QString name;
        for (int n = int(steps.size()) + 1;; ++n) {
            name = S(u"step%1").arg(n);
            if (std::none_of(steps.begin(), steps.end(),
                             [&](const StepSpec& st) { return st.name == name; }))
                break;
        }
        w->step = at;
        editWorker(S(u"target.steps+"), tr("Add step"), false, [at, name](WorkerSpec& x) {
            StepSpec st;
            st.name = name;
            // The previous step's URL is the likeliest start (same server).
            if (at > 0)
                st.url = x.target.steps[at - 1].url;
            x.target.steps.insert(at, st);
        });
        w->stepName->setFocus();
        w->stepName->selectAll();
    });
    connect(w->stepRemove, &QToolButton::clicked, this, [this] {
        if (keepsSteps(tr("remove the step")))
            return;
        const int at = w->step;
        editWorker(S(u"target.steps-"), tr("Remove step"), false, [at](WorkerSpec& x) {
            if (at >= 0 && at < x.target.steps.size())
                x.target.steps.removeAt(at);
        });
    });
    auto moveStep = [this](int by) {
        if (keepsSteps(tr("move the step")))
            return;
        const int row = currentWorker();
        if (row < 0 || row >= m_scenario.workers.size())
            return;
        const int from = w->step;
        const int to = from + by;
        if (from < 0 || to < 0 || to >= m_scenario.workers[row].target.steps.size())
            return;
        w->step = to;
        editWorker(S(u"target.steps~"), by < 0 ? tr("Move step up") : tr("Move step down"), false,
                   [from, to](WorkerSpec& x) { x.target.steps.move(from, to); });
        w->flowSteps->setFocus();
    };
    connect(w->stepUp, &QToolButton::clicked, this, [moveStep] { moveStep(-1); });
    connect(w->stepDown, &QToolButton::clicked, this, [moveStep] { moveStep(1); });
    connect(w->stepHeaders, &QTableWidget::itemChanged, this, [this] { commitStepTables(); });
    connect(w->stepExtract, &QTableWidget::itemChanged, this, [this] { commitStepTables(); });
    auto addRow = [this](QTableWidget* table, const QString& field, const QString& label,
                         const std::function<void(StepSpec&)>& change) {
        const int at = w->step;
        editWorker(field, label, false, [at, change](WorkerSpec& x) {
            if (StepSpec* st = stepOf(x, at))
                change(*st);
        });
        showNewRow(w->scroll, table, table->rowCount() - 1, true);
        table->setProperty(kNewRowAt, m_undo->index());
    };
    connect(w->stepHeaderAdd, &QToolButton::clicked, this, [this, addRow] {
        addRow(w->stepHeaders, S(u"target.steps.headers+"), tr("Add header"), [](StepSpec& st) {
            st.headers.append({QString(), QString()});
        });
    });
    connect(w->stepExtractAdd, &QToolButton::clicked, this, [this, addRow] {
        addRow(w->stepExtract, S(u"target.steps.extract+"), tr("Add extraction"),
               [](StepSpec& st) { st.extract.append(ExtractSpec{}); });
    });
    auto removeRow = [this](QTableWidget* table, const QString& field, const QString& label,
                            bool headers) {
        const int at = w->step;
        const int row = table->currentRow();
        editWorker(field, label, false, [at, row, headers](WorkerSpec& x) {
            StepSpec* st = stepOf(x, at);
            if (st && headers && row >= 0 && row < st->headers.size())
                st->headers.removeAt(row);
            else if (st && !headers && row >= 0 && row < st->extract.size())
                st->extract.removeAt(row);
        });
    };
    connect(w->stepHeaderRemove, &QToolButton::clicked, this, [this, removeRow] {
        removeRow(w->stepHeaders, S(u"target.steps.headers-"), tr("Remove header"), true);
    });
    connect(w->stepExtractRemove, &QToolButton::clicked, this, [this, removeRow] {
        removeRow(w->stepExtract, S(u"target.steps.extract-"), tr("Remove extraction"), false);
    });
    connect(w->stages, &QTableWidget::itemChanged, this, [this] { commitStages(); });
    connect(w->dataBrowse, &QToolButton::clicked, this, [this] { chooseDataFile(); });
    connect(w->stageAdd, &QToolButton::clicked, this, [this] {
        if (keepsStages(tr("add a stage")))
            return;
        editWorker(S(u"rate.stages+"), tr("Add stage"), false, [](WorkerSpec& x) {
            const double rps = x.rate.stages.isEmpty() ? 10 : x.rate.stages.last().rps;
            x.rate.stages.append({std::chrono::seconds(10), rps, {}});
        });
        showNewRow(w->scroll, w->stages, w->stages->rowCount() - 1, false);
    });
    connect(w->stageRemove, &QToolButton::clicked, this, [this] {
        if (keepsStages(tr("remove a stage")))
            return;
        const int row = w->stages->currentRow();
        editWorker(S(u"rate.stages-"), tr("Remove stage"), false, [row](WorkerSpec& x) {
            if (row >= 0 && row < x.rate.stages.size())
                x.rate.stages.removeAt(row);
        });
    });
    connect(w->problems, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { showProblem(item->data(Qt::UserRole).toString()); });
    connect(w->problems, &QListWidget::itemClicked, this,
            [this](QListWidgetItem* item) { showProblem(item->data(Qt::UserRole).toString()); });
}

void ScenarioEditor::edit(const QString& field, const QString& label, bool mergeable,
                          const std::function<void(Scenario&)>& change, bool stepping) {
    if (m_updating)
        return;
    Scenario after = m_scenario;
    change(after);
    const QString key = field + u'#' + QString::number(m_mergeEpoch);
    // A rename takes the thresholds that name the worker (or step) along, in the same step.
    // Typing an ident merges key by key, so the rename is followed from where the typing
    // began: "api" typed over as "w", "we", "web" never rewrites through "w", another worker.
    // (Kinds stepped through rename nothing: their thresholds change only by what each kind
    // takes along or brings back, from the scenario as it is, not from where the steps began.)
    if (after.thresholds == m_scenario.thresholds && seriesNames(after) != seriesNames(m_scenario))
        followRenames(mergeable && !stepping ? mergeBase(key) : m_scenario, after);
    // A removal takes the thresholds that name the removed worker (or step) along, in the same
    // step, and the step's name says so (Edit › Undo "Remove worker and its 2 thresholds").
    // Another kind chosen for a flow takes the thresholds on its steps along, kept with the
    // steps in memory; flow chosen again brings back those its steps still name.
    // What is kept changes with the edit, in the same undo step: undone, the kept thresholds
    // are as they were (under the ident a rename undone restores, or kept again when flow
    // chosen again is undone).
    KeptThresholds kept = m_keptStepThresholds;
    QString text = label;
    if (after.thresholds == m_scenario.thresholds) {
        qsizetype dropped = 0;
        const QStringList gone = dropRemoved(m_scenario, after);
        dropped += gone.size();
        const QList<WorkerSpec>& was = m_scenario.workers;
        for (qsizetype i = 0; i < after.workers.size() && was.size() == after.workers.size(); ++i) {
            const WorkerSpec& x = after.workers[i];
            if (was[i].target.kind == u"flow" && x.target.kind != u"flow") {
                QList<std::pair<qsizetype, QString>> steps;
                for (const QString& t : gone) {
                    const Span p = thresholdPrefix(t);
                    if (p.size >= 0 && t.mid(p.at, p.size).startsWith(x.ident + u'/'))
                        steps.append({m_scenario.thresholds.indexOf(t), t});
                }
                if (!steps.isEmpty())
                    kept.insert(x.ident, steps);
            } else if (was[i].target.kind != u"flow" && x.target.kind == u"flow" &&
                       kept.contains(x.ident)) {
                const QStringList names = seriesNames(after);
                for (const auto& [at, t] : kept.take(x.ident)) {
                    const Span p = thresholdPrefix(t);
                    if (p.size < 0 || !names.contains(t.mid(p.at, p.size)) ||
                        after.thresholds.contains(t))
                        continue;
                    after.thresholds.insert(std::clamp<qsizetype>(at, 0, after.thresholds.size()),
                                            t);
                    ++dropped;
                }
            }
        }
        if (dropped == 1)
            text = tr("%1 and its threshold").arg(label);
        else if (dropped > 1)
            text = tr("%1 and its %2 thresholds").arg(label, QString::number(dropped));
    }
    // A worker renamed while the thresholds on its steps are kept: they follow the name, as
    // its own thresholds do, to come back under it.
    for (qsizetype i = 0;
         i < after.workers.size() && m_scenario.workers.size() == after.workers.size(); ++i) {
        const QString& from = m_scenario.workers[i].ident;
        const QString& to = after.workers[i].ident;
        if (from == to || !kept.contains(from) || kept.contains(to))
            continue;
        QList<std::pair<qsizetype, QString>> steps = kept.take(from);
        for (auto& [at, t] : steps) {
            const Span p = thresholdPrefix(t);
            if (p.size >= 0)
                t.replace(p.at, from.size(), to);
        }
        kept.insert(to, steps);
    }
    if (after == m_scenario) {
        updateValidation(); // a local problem may have come or gone
        return;
    }
    auto* command = new EditCommand(
        [this](const Scenario& s, const KeptThresholds& k, int worker) {
            m_keptStepThresholds = k;
            apply(s, worker);
        },
        m_scenario, std::move(after), m_keptStepThresholds, std::move(kept), currentWorker(), key,
        mergeable, text);
    m_last = mergeable ? nullptr : command;
    m_pushing = true;
    m_undo->push(command);
    m_pushing = false;
}

const Scenario& ScenarioEditor::mergeBase(const QString& key) const {
    // The command this edit will merge into (QUndoStack merges into the top command, unless the
    // stack was saved there): the scenario before it is where the typing began.
    const int top = m_undo->count() - 1;
    if (top >= 0 && m_undo->index() == m_undo->count() && m_undo->cleanIndex() != m_undo->index()) {
        const auto* last = dynamic_cast<const EditCommand*>(m_undo->command(top));
        if (last && last->m_mergeable && last->m_field == key && last->m_after == m_scenario)
            return last->m_before;
    }
    return m_scenario;
}

void ScenarioEditor::editWorker(const QString& field, const QString& label, bool mergeable,
                                const WorkerChange& change) {
    const int row = currentWorker();
    if (row < 0 || row >= m_scenario.workers.size())
        return;
    edit(workerPath(row) + u'.' + field, label, mergeable,
         [&](Scenario& s) { change(s.workers[row]); });
}

void ScenarioEditor::commitWorkers(const QString& label) {
    // Added or removed rows: row numbers in the editor's own problems may no longer be right
    // (these buttons wait while the form holds such text: keepsForm). A rename or Enabled
    // keeps the rows, and the form keeps its text.
    if (m_model->rowCount() != m_scenario.workers.size()) {
        for (auto it = m_local.begin(); it != m_local.end();)
            it = it.key().startsWith(u"workers[") ? m_local.erase(it) : std::next(it);
    }
    edit(S(u"workers"), label, false, [this](Scenario& s) { s.workers = m_model->workers(); });
}

void ScenarioEditor::fieldEdited(const Field& f) {
    if (m_updating)
        return;
    const int row = currentWorker();
    if (f.inWorker && (row < 0 || row >= m_scenario.workers.size()))
        return;
    if (f.inWorker && keepsPage(f))
        return;
    const QString path = f.inWorker ? workerPath(row) + u'.' + concrete(f.path, w->step) : f.path;
    Scenario after = m_scenario;
    WorkerSpec none;
    const QString why = f.read(after, f.inWorker ? after.workers[row] : none);
    // Text that cannot be a value is the editor's own problem; the scenario keeps its value.
    setLocalProblem(path, why);
    if (!why.isEmpty()) {
        takeBackTyping(path);
        updateValidation();
        return;
    }
    // Choices stepped through with the keys or the wheel (Down, Down, Down from http to command
    // in Kind, from constant to max in Rate's Mode, a distribution, a method) are one undo
    // step, as typing is: each choice passed was a step of its own, and Ctrl+Z went back
    // through flow and tcp to reach http. A choice made in the opened list is a step.
    const auto* combo = dynamic_cast<const FramedCombo*>(f.widget);
    const bool stepping = combo && combo->stepping();
    edit(
        path, f.undoText, f.mergeable || stepping, [&after](Scenario& s) { s = std::move(after); },
        stepping);
}

void ScenarioEditor::takeBackTyping(const QString& path) {
    // The field's text is no value: the scenario holds what it held before this typing began,
    // not a value the typing passed through on the way ("1s-500ms" through "1s-500m", 1s to
    // 8h20m, which a save or a run then used while the field showed the text). The typing's
    // command (its keys merged into one) is dropped from the history, so Ctrl+Z (which takes
    // the text back first) shows the value from before the typing and Redo has no value the
    // user never meant.
    const QString key = path + u'#' + QString::number(m_mergeEpoch);
    const int top = m_undo->count() - 1;
    if (top < 0 || m_undo->index() != m_undo->count() || m_undo->cleanIndex() == m_undo->index())
        return;
    auto* last = dynamic_cast<EditCommand*>(const_cast<QUndoCommand*>(m_undo->command(top)));
    if (!last || !last->m_mergeable || last->m_field != key || last->m_after != m_scenario)
        return;
    const Scenario before = last->m_before;
    const KeptThresholds keptBefore = last->m_keptBefore;
    const int worker = currentWorker();
    if (m_last == last)
        m_last = nullptr;
    last->setObsolete(true); // undo() removes an obsolete command without undoing it
    m_undo->undo();
    m_keptStepThresholds = keptBefore;
    m_pushing = true; // from the widgets: the field keeps its text
    apply(before, worker);
    m_pushing = false;
}

void ScenarioEditor::commitHeaders() {
    if (m_updating)
        return;
    QList<QPair<QString, QString>> headers;
    for (int r = 0; r < w->headers->rowCount(); ++r) {
        auto text = [&](int c) {
            return w->headers->item(r, c) ? w->headers->item(r, c)->text() : QString();
        };
        headers.append({text(0), text(1)});
    }
    editWorker(S(u"target.headers"), tr("Edit headers"), true,
               [&](WorkerSpec& x) { x.target.headers = headers; });
}

void ScenarioEditor::commitStepTables() {
    if (m_updating)
        return;
    auto text = [](QTableWidget* t, int r, int c) {
        return t->item(r, c) ? t->item(r, c)->text() : QString();
    };
    QList<QPair<QString, QString>> headers;
    for (int r = 0; r < w->stepHeaders->rowCount(); ++r)
        headers.append({text(w->stepHeaders, r, 0), text(w->stepHeaders, r, 1)});
    QList<ExtractSpec> extract;
    for (int r = 0; r < w->stepExtract->rowCount(); ++r)
        extract.append({text(w->stepExtract, r, 0), text(w->stepExtract, r, 1).trimmed(),
                        text(w->stepExtract, r, 2)});
    const int at = w->step;
    editWorker(S(u"target.steps[%1].tables").arg(at), tr("Edit step"), true, [&](WorkerSpec& x) {
        if (StepSpec* st = stepOf(x, at)) {
            st->headers = headers;
            st->extract = extract;
        }
    });
}

void ScenarioEditor::commitStages() {
    const int row = currentWorker();
    if (m_updating || row < 0 || row >= m_scenario.workers.size())
        return;
    const QList<RateSpec::Stage>& old = m_scenario.workers[row].rate.stages;
    QList<RateSpec::Stage> stages;
    for (int r = 0; r < w->stages->rowCount(); ++r) {
        RateSpec::Stage stage = r < old.size() ? old[r] : RateSpec::Stage{};
        const QString base = workerPath(row) + S(u".rate.stages[%1]").arg(r);
        const QString durationText =
            w->stages->item(r, 0) ? w->stages->item(r, 0)->text().trimmed() : QString();
        if (const auto d = parseDuration(durationText)) {
            stage.duration = *d;
            setLocalProblem(base + S(u".duration"), {});
        } else {
            setLocalProblem(base + S(u".duration"), invalidDuration(durationText));
        }
        const QString rpsText =
            w->stages->item(r, 1) ? w->stages->item(r, 1)->text().trimmed() : QString();
        // Read as the RPS box above reads it (pusher/scenario/typed.h): "1,5" is 1.5 in both.
        // The cell read "1,500" as 1500 (the C locale's thousands separator) where the box
        // read 1.5, and then refused every comma where the box took "1,5"; "1,500" is now
        // ambiguous in both, said so with the two ways to write it.
        QString why;
        if (const std::optional<double> rps = readNumber(rpsText, &why)) {
            stage.rps = *rps;
            setLocalProblem(base + S(u".rps"), {});
        } else {
            setLocalProblem(base + S(u".rps"),
                            rpsText.isEmpty() ? tr("is required (a number)") : why);
        }
        stages.append(stage);
    }
    editWorker(S(u"rate.stages"), tr("Edit stages"), true,
               [&](WorkerSpec& x) { x.rate.stages = stages; });
}

void ScenarioEditor::commitThresholds() {
    if (m_updating)
        return;
    QStringList thresholds;
    for (int r = 0; r < w->thresholds->count(); ++r)
        thresholds.append(w->thresholds->item(r)->text().trimmed());
    edit(S(u"thresholds"), tr("Edit thresholds"), true,
         [&](Scenario& s) { s.thresholds = thresholds; });
}

QList<Problem> ScenarioEditor::unparsedText() const {
    QList<Problem> out;
    for (auto it = m_local.cbegin(); it != m_local.cend(); ++it)
        out.append({it.key(), it.value()});
    return out;
}

QString ScenarioEditor::unparsedField(int row, const QString& prefix) const {
    if (row < 0)
        return {};
    const QString under = workerPath(row) + u'.' + prefix;
    for (auto it = m_local.cbegin(); it != m_local.cend(); ++it) {
        if (it.key().startsWith(under))
            return it.key();
    }
    return {};
}

bool ScenarioEditor::keepsWorker(int row) {
    if (m_updating || row == currentWorker())
        return false;
    return keepsForm(tr("select another worker"));
}

bool ScenarioEditor::keepsForm(const QString& doing) {
    const QString path = unparsedField(currentWorker());
    if (path.isEmpty())
        return false;
    explainKept(path, doing);
    return true;
}

bool ScenarioEditor::keepsUnder(const QString& prefix, const QString& doing) {
    const QString path = unparsedField(currentWorker(), prefix);
    if (path.isEmpty())
        return false;
    explainKept(path, doing);
    return true;
}

bool ScenarioEditor::keepsPage(const Field& f) {
    // The page would hide the field with the text, and a field of the same path on the new
    // page (each kind has its own timeout) would show the scenario's value instead.
    QString prefix;
    QString doing;
    if (f.path == u"target.kind") {
        prefix = S(u"target.");
        doing = tr("change the target kind");
    } else if (f.path == u"target.latency.distribution") {
        prefix = S(u"target.latency.");
        doing = tr("change the distribution");
    } else if (f.path == u"rate.mode") {
        prefix = S(u"rate.");
        doing = tr("change the rate mode");
    } else {
        return false;
    }
    const int row = currentWorker();
    const QString path = unparsedField(row, prefix);
    if (path.isEmpty())
        return false;
    m_updating = true;
    f.show(m_scenario, m_scenario.workers[row]); // the combo and its page as they were
    m_updating = false;
    explainKept(path, doing);
    return true;
}

bool ScenarioEditor::keepsStep(int row) {
    if (m_updating || row == w->step)
        return false;
    return keepsSteps(tr("select another step"));
}

bool ScenarioEditor::keepsSteps(const QString& doing) {
    // The step's fields show the selected step: another one, or renumbered steps, would
    // replace their text.
    return keepsUnder(S(u"target.steps["), doing);
}

bool ScenarioEditor::keepsStages(const QString& doing) {
    // A row added or removed rebuilds the stages table from the scenario.
    return keepsUnder(S(u"rate.stages["), doing);
}

void ScenarioEditor::explainKept(const QString& path, const QString& doing) {
    // The text is the user's and in no file: it is not replaced behind their back. The
    // field gets the focus with its text, its line in the problems is selected, and the line
    // under them says why (the problem's line names the field and what is wrong with it).
    m_notice = path;
    w->notice->setText(tr("Correct or undo it (Ctrl+Z) to %1.").arg(doing));
    w->notice->show();
    fitProblems();
    selectNoticed();
    showProblem(path);
}

void ScenarioEditor::selectNoticed() {
    for (int i = 0; i < w->problems->count(); ++i) {
        QListWidgetItem* item = w->problems->item(i);
        if (item->data(Qt::UserRole).toString() == m_notice) {
            w->problems->setCurrentItem(item);
            w->problems->scrollToItem(item);
            return;
        }
    }
}

void ScenarioEditor::undo() {
    // The text typed last is the newest edit, though not in the history: Undo takes it back
    // first, and every field shows its value again.
    if (!m_local.isEmpty()) {
        m_local.clear();
        ++m_mergeEpoch;
        m_updating = true;
        refresh();
        m_updating = false;
        updateValidation();
        return;
    }
    m_undo->undo();
}

void ScenarioEditor::redo() {
    // Redo shows the model again, which would drop the text: it waits until the text is
    // corrected or taken back.
    if (!m_local.isEmpty() && m_undo->canRedo()) {
        explainKept(m_local.firstKey(), tr("redo"));
        return;
    }
    m_undo->redo();
}

void ScenarioEditor::setLocalProblem(const QString& path, const QString& message) {
    if (message.isEmpty())
        m_local.remove(path);
    else
        m_local.insert(path, message);
}

// ---------------------------------------------------------------- showing

void ScenarioEditor::setScenario(const Scenario& scenario) {
    m_undo->clear();
    m_local.clear();
    m_keptStepThresholds.clear();
    m_checked.clear(); // about another document: its own check comes
    m_checkedIdents.clear();
    m_checkAsked = false; // checked again even when it is the same scenario (opened again)
    apply(scenario, scenario.workers.isEmpty() ? -1 : 0);
    if (m_sized) // a new document: the table fits its workers again
        fitSplitter();
}

void ScenarioEditor::apply(const Scenario& scenario, int worker) {
    const bool fromWidgets = m_pushing;
    m_blank = false;
    m_updating = true;
    m_scenario = scenario;
    m_model->setWorkers(scenario.workers);
    fitWorkerColumns();
    if (!fromWidgets) {
        // Undo, redo or a new scenario: every field shows the model again.
        m_local.clear();
        ++m_mergeEpoch;
    }
    const int count = int(scenario.workers.size());
    const int row = count == 0 ? -1 : std::clamp(worker < 0 ? 0 : worker, 0, count - 1);
    if (row != currentWorker())
        setCurrentWorker(row);
    refresh();
    m_updating = false;
    updateValidation();
    emit scenarioChanged();
}

int ScenarioEditor::currentWorker() const {
    const QModelIndex current = w->workers->selectionModel()->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void ScenarioEditor::setCurrentWorker(int row) {
    QItemSelectionModel* selection = w->workers->selectionModel();
    if (row < 0 || row >= m_model->rowCount()) {
        selection->clear();
        return;
    }
    const QModelIndex index = m_model->index(row, WorkerListModel::IdentColumn);
    selection->setCurrentIndex(index,
                               QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    w->workers->scrollTo(index);
}

QString ScenarioEditor::workerPath(int row) const {
    return S(u"workers[%1]").arg(row);
}

void ScenarioEditor::refresh() {
    refreshScenarioFields();
    refreshWorkerForm();
}

void ScenarioEditor::refreshScenarioFields() {
    const bool fromWidgets = m_pushing;
    showFields(false);
    // The ranks and hosts matter only under MPI.
    const bool mpi = m_scenario.distributed.enabled;
    w->ranksRow->setVisible(mpi);
    w->scenarioForm->setRowVisible(w->hostsRow, mpi);

    QStringList shown;
    for (int r = 0; r < w->thresholds->count(); ++r)
        shown.append(w->thresholds->item(r)->text().trimmed());
    // While the list itself is being edited it is the source (it commits its lines trimmed);
    // rebuild it when rows come or go, when another field changed a line (a rename of the
    // worker it names), or for undo and redo.
    QStringList trimmed;
    for (const QString& t : m_scenario.thresholds)
        trimmed.append(t.trimmed());
    if (shown != trimmed || (!fromWidgets && shown != m_scenario.thresholds)) {
        const int current = w->thresholds->currentRow();
        w->thresholds->clear();
        for (const QString& t : m_scenario.thresholds) {
            auto* item = new QListWidgetItem(t, w->thresholds);
            item->setFlags(item->flags() | Qt::ItemIsEditable);
        }
        w->thresholds->setCurrentRow(std::min(current, int(m_scenario.thresholds.size()) - 1));
    }
    w->thresholdRemove->setEnabled(!m_scenario.thresholds.isEmpty());
}

void ScenarioEditor::refreshWorkerForm() {
    const bool fromWidgets = m_pushing;
    const int row = currentWorker();
    const bool has = row >= 0 && row < m_scenario.workers.size();
    w->form->setEnabled(has);
    w->duplicate->setEnabled(has);
    w->remove->setEnabled(has);
    w->enable->setEnabled(has);
    w->up->setEnabled(has && row > 0);
    w->down->setEnabled(has && row + 1 < m_scenario.workers.size());
    if (!has) {
        w->form->setTitle(tr("Worker"));
        return;
    }
    const WorkerSpec& x = m_scenario.workers[row];
    const TargetSpec& t = x.target;
    const QString base = workerPath(row) + u'.';
    w->form->setTitle(tr("Worker: %1").arg(x.ident));
    setChecked(w->enable, x.enabled);
    w->step = t.steps.isEmpty() ? -1 : std::clamp(w->step, 0, int(t.steps.size()) - 1);
    showFields(true);
    refreshSteps(x, fromWidgets);

    // The tables: while one is being edited it is the source; rebuild it only when rows
    // come or go, or for undo and redo.
    QList<QPair<QString, QString>> headers;
    for (int r = 0; r < w->headers->rowCount(); ++r) {
        auto text = [&](int c) {
            return w->headers->item(r, c) ? w->headers->item(r, c)->text() : QString();
        };
        headers.append({text(0), text(1)});
    }
    if (headers.size() != t.headers.size() || (!fromWidgets && headers != t.headers)) {
        w->headers->setRowCount(int(t.headers.size()));
        for (int r = 0; r < t.headers.size(); ++r) {
            w->headers->setItem(r, 0, new QTableWidgetItem(t.headers[r].first));
            w->headers->setItem(r, 1, new QTableWidgetItem(t.headers[r].second));
        }
    }
    w->headerRemove->setEnabled(!t.headers.isEmpty());

    const RateSpec& r = x.rate;
    bool stagesLocal = false;
    for (auto it = m_local.cbegin(); it != m_local.cend(); ++it)
        stagesLocal = stagesLocal || it.key().startsWith(base + S(u"rate.stages["));
    if (w->stages->rowCount() != r.stages.size() || (!fromWidgets && !stagesLocal)) {
        w->stages->setRowCount(int(r.stages.size()));
        for (int i = 0; i < r.stages.size(); ++i) {
            const QString d = formatDuration(r.stages[i].duration);
            const QString rps = number(r.stages[i].rps);
            if (!w->stages->item(i, 0) ||
                parseDuration(w->stages->item(i, 0)->text().trimmed()) != r.stages[i].duration)
                w->stages->setItem(i, 0, new QTableWidgetItem(d));
            if (!w->stages->item(i, 1) ||
                QLocale::c().toDouble(w->stages->item(i, 1)->text().trimmed()) != r.stages[i].rps)
                w->stages->setItem(i, 1, new QTableWidgetItem(rps));
        }
    }
    w->stageRemove->setEnabled(!r.stages.isEmpty());

    // The data file feeds http and flow targets; another kind shows it only while it has
    // one (the validator then says it does not apply).
    w->dataBox->setVisible(t.kind == u"http" || t.kind == u"flow" || x.data.isSet() ||
                           x.data.mode != DataSpec().mode);
    updateDataPreview();
}

void ScenarioEditor::refreshSteps(const WorkerSpec& x, bool fromWidgets) {
    const QList<StepSpec>& steps = x.target.steps;
    // The list: "1. login  POST /login → token".
    QStringList lines;
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const StepSpec& st = steps[i];
        QStringList values;
        for (const ExtractSpec& e : st.extract)
            values.append(e.name);
        QString path = st.url;
        if (const qsizetype scheme = path.indexOf(S(u"://")); scheme >= 0) {
            const qsizetype slash = path.indexOf(u'/', scheme + 3);
            path = slash < 0 ? S(u"/") : path.mid(slash);
        }
        lines.append(S(u"%1. %2  %3 %4").arg(i + 1).arg(st.name, st.method, path) +
                     (values.isEmpty() ? QString() : S(u"  → ") + values.join(S(u", "))) +
                     (st.optional ? tr("  (optional)") : QString()));
    }
    if (w->flowSteps->count() != lines.size()) {
        w->flowSteps->clear();
        w->flowSteps->addItems(lines);
    } else {
        for (int i = 0; i < lines.size(); ++i) {
            if (w->flowSteps->item(i)->text() != lines[i])
                w->flowSteps->item(i)->setText(lines[i]);
        }
    }
    for (int i = 0; i < lines.size(); ++i)
        w->flowSteps->item(i)->setToolTip(lines[i]);
    if (w->flowSteps->currentRow() != w->step)
        w->flowSteps->setCurrentRow(w->step);
    w->stepRemove->setEnabled(w->step >= 0);
    w->stepUp->setEnabled(w->step > 0);
    w->stepDown->setEnabled(w->step >= 0 && w->step + 1 < steps.size());
    w->stepBox->setEnabled(w->step >= 0);
    const StepSpec none;
    const StepSpec& st = w->step >= 0 ? steps[w->step] : none;
    w->stepBox->setTitle(w->step >= 0 ? tr("Step %1: %2").arg(w->step + 1).arg(st.name)
                                      : tr("Step"));
    if (w->step < 0) {
        // Nothing to edit: the fields show nothing rather than another step's values.
        for (QLineEdit* e : {w->stepName, w->stepUrl, w->stepTimeout, w->stepStatus,
                             w->stepExpectBody, w->stepThink})
            setText(e, QString());
        setPlainText(w->stepBody, QString());
    }

    // The step's tables: while one is being edited it is the source; rebuild it only when
    // rows come or go, or for undo, redo and another step.
    auto rows = [](QTableWidget* t) {
        QList<QStringList> out;
        for (int r = 0; r < t->rowCount(); ++r) {
            QStringList cells;
            for (int c = 0; c < t->columnCount(); ++c)
                cells.append(t->item(r, c) ? t->item(r, c)->text() : QString());
            out.append(cells);
        }
        return out;
    };
    QList<QStringList> headers;
    for (const auto& [name, value] : st.headers)
        headers.append({name, value});
    QList<QStringList> extract;
    for (const ExtractSpec& e : st.extract)
        extract.append({e.name, e.source, e.expr});
    for (auto [table, want] : {std::pair{w->stepHeaders, &headers}, {w->stepExtract, &extract}}) {
        const QList<QStringList> shown = rows(table);
        if (shown.size() == want->size() && (fromWidgets || shown == *want))
            continue;
        table->setRowCount(int(want->size()));
        for (int r = 0; r < want->size(); ++r)
            for (int c = 0; c < table->columnCount(); ++c)
                table->setItem(r, c, new QTableWidgetItem((*want)[r][c]));
    }
    w->stepHeaderRemove->setEnabled(!st.headers.isEmpty());
    w->stepExtractRemove->setEnabled(!st.extract.isEmpty());
}

void ScenarioEditor::chooseDataFile() {
    const int row = currentWorker();
    if (row < 0 || row >= m_scenario.workers.size())
        return;
    const QString current = dataFilePath(m_scenario.workers[row].data.file);
    const QString base = m_baseDir.isEmpty() ? QDir::currentPath() : m_baseDir;
    const QString chosen =
        QFileDialog::getOpenFileName(this, tr("Choose the data file"),
                                     current.isEmpty() ? base : QFileInfo(current).absolutePath(),
                                     tr("CSV files (*.csv);;All files (*)"));
    if (chosen.isEmpty() || currentWorker() != row)
        return;
    // Beside the scenario file (or below it): kept relative, so the two move together.
    QString file = chosen;
    if (!m_baseDir.isEmpty()) {
        const QString relative = QDir(m_baseDir).relativeFilePath(chosen);
        if (relative != u".." && !relative.startsWith(S(u"../")))
            file = relative;
    }
    editWorker(S(u"data.file"), tr("Choose data file"), false,
               [file](WorkerSpec& x) { x.data.file = file; });
    w->dataFile->setFocus();
}

void ScenarioEditor::showFields(bool inWorker) {
    const int row = currentWorker();
    if (inWorker && (row < 0 || row >= m_scenario.workers.size()))
        return;
    const WorkerSpec none;
    const WorkerSpec& x = inWorker ? m_scenario.workers[row] : none;
    for (const Field& f : w->bound) {
        if (f.inWorker != inWorker)
            continue;
        if (m_local.contains(inWorker ? workerPath(row) + u'.' + concrete(f.path, w->step)
                                      : f.path))
            continue; // the user's text stays until it parses
        f.show(m_scenario, x);
    }
}

// ---------------------------------------------------------------- validation

void ScenarioEditor::commitTyping() {
    // A table's cell editor gives its text to the model only on Return or when it loses the
    // focus: Ctrl+S or F5 pressed while typing in it saved or ran the cell's old value (and
    // marked the document saved while the screen showed the new one).
    QWidget* focus = QApplication::focusWidget();
    if (!focus || !isAncestorOf(focus))
        return;
    for (QWidget* p = focus->parentWidget(); p && p != this; p = p->parentWidget()) {
        auto* view = qobject_cast<QAbstractItemView*>(p);
        if (!view)
            continue;
        const QModelIndex index = view->currentIndex();
        QWidget* cell = index.isValid() ? view->indexWidget(index) : nullptr;
        if (cell && (cell == focus || cell->isAncestorOf(focus)))
            emit view->itemDelegateForIndex(index)->commitData(cell);
        return;
    }
}

namespace {

// probeSoundWorkers is what the run's preparation finds wrong with the workers of `s` that
// the validator has no problem with, when it has some with other parts (which stop the
// preparation before it opens the targets' files): a copy of `s` with those workers only,
// no thresholds, and the default duration and interval when theirs are wrong, is prepared;
// its problems are given the rows of `s`. Empty when `s` has no such problem or the copy is
// not valid either.
QList<Problem> probeSoundWorkers(const Scenario& s, const RunOptions& options) {
    const QList<Problem> known = s.validate();
    if (known.isEmpty())
        return {};
    QSet<int> unsound;
    bool timing = false;
    for (const Problem& p : known) {
        if (const QRegularExpressionMatch m = workerPathPattern().match(p.path); m.hasMatch())
            unsound.insert(m.captured(1).toInt());
        else if (p.path == u"duration" || p.path == u"interval")
            timing = true;
    }
    Scenario probe = s;
    probe.thresholds.clear();
    probe.workers.clear();
    QList<int> rows; // probe's row -> the row in `s`
    for (qsizetype i = 0; i < s.workers.size(); ++i) {
        if (!unsound.contains(int(i))) {
            probe.workers.append(s.workers[i]);
            rows.append(int(i));
        }
    }
    if (timing) {
        probe.duration = Scenario().duration;
        probe.interval = Scenario().interval;
    }
    if (probe.workers.isEmpty() || !probe.validate().isEmpty())
        return {};
    QList<Problem> found;
    for (Problem p : ScenarioRun(probe, options).prepare()) {
        const QRegularExpressionMatch m = workerPathPattern().match(p.path);
        if (!m.hasMatch())
            continue; // about the copy (its duration, "no enabled worker"), not `s`
        const QString rest = m.captured(2);
        p.path = S(u"workers[%1]").arg(rows.value(m.captured(1).toInt())) +
                 (rest.isEmpty() ? QString() : u'.' + rest);
        found.append(p);
    }
    return found;
}

// runCheck is what a run's preparation finds wrong with `s` beyond the validator: a data, CA,
// certificate or key file that is not there or cannot be read, a command's program not found,
// a `${VAR}` not set. It is the run's own code (ScenarioRun::prepare with checkOnly, as
// `pusher-cli validate`: nothing is started), relative paths found in `base` as the run finds
// them. A distributed run checks on this machine only what the app checks before mpirun
// (Scenario::resolved, distributedProblems): a program or a certificate may be on the ranks'
// hosts only. The
// validator's own problems are left out (they are listed already); a target's problem that
// names one of its fields ("ca_file: cannot load …") goes to that field. `unsaved`: the
// scenario has no folder yet, `base` is the working directory, and a problem about a file
// found there says so. `env` is the app's environment, read on the GUI thread.
QList<Problem> runCheck(const Scenario& s, const QString& base, bool unsaved,
                        const QProcessEnvironment& env) {
    QList<Problem> found;
    if (s.distributed.enabled) {
        const ScenarioParse resolved = s.resolved(env, base);
        found = resolved.problems;
        // What the ranks alone would find, as the app's launch finds it before mpirun: a data
        // file with fewer rows than ranks, a loopback target while a rank runs elsewhere.
        if (resolved.ok())
            found += distributedProblems(resolved.scenario, s.distributed.ranks,
                                         distributedHosts(s.distributed, base));
        // A sandbox URL is served by the sandbox rank 0 starts (docs/distributed.md): no
        // problem here, though a rank's own prepare refuses one it is not given the URL of.
        // The hostfile, found as the app finds it before it starts mpirun (in the scenario's
        // folder; RunController::mpiLaunch asks hostfileProblem too).
        if (const std::optional<Problem> missing = hostfileProblem(s.distributed, base))
            found.append(*missing);
    } else {
        RunOptions options;
        options.env = env;
        options.baseDir = base;
        options.checkOnly = true;
        found = ScenarioRun(s, options).prepare();
        // The run stops at the validator's problems before it builds the targets: check the
        // workers the validator finds nothing wrong with on their own too, so that a missing
        // CA file or program is listed beside a typo in another worker's URL.
        found += probeSoundWorkers(s, options);
    }
    const QList<Problem> known = s.validate();
    static const QRegularExpression targetPath(S(u"^workers\\[\\d+\\]\\.target$"));
    static const QRegularExpression keyed(
        S(u"^(ca_file|client_cert|client_key|client_key_passphrase|server_name|program): (.*)$"),
        QRegularExpression::DotMatchesEverythingOption);
    const QString folder = QDir::cleanPath(base) + u'/';
    QList<Problem> out;
    for (Problem p : std::as_const(found)) {
        if (known.contains(p))
            continue;
        if (targetPath.match(p.path).hasMatch()) {
            if (const QRegularExpressionMatch m = keyed.match(p.message); m.hasMatch()) {
                p.path += u'.' + m.captured(1);
                p.message = m.captured(2);
            }
        }
        if (unsaved && p.message.contains(folder))
            p.message += QCoreApplication::translate(
                             "pusher::ScenarioEditor",
                             " (the scenario is not saved yet: a relative path is found in the "
                             "working directory, %1, as a run finds it; once saved, in the "
                             "scenario file's folder)")
                             .arg(QDir::toNativeSeparators(QDir::cleanPath(base)));
        if (!out.contains(p))
            out.append(p);
    }
    return out;
}

} // namespace

void ScenarioEditor::recheck() {
    scheduleCheck(true);
}

void ScenarioEditor::scheduleCheck(bool force) {
    if (m_blank || !m_checkTimer)
        return;
    const QString base = m_baseDir.isEmpty() ? QDir::currentPath() : m_baseDir;
    if (!force && m_checkAsked && m_scenario == m_checkScenario && base == m_checkBase)
        return;
    m_checkScenario = m_scenario;
    m_checkBase = base;
    m_checkAsked = true;
    m_checkPending = true;
    ++m_checkGeneration;
    m_checkTimer->start(); // again: the check waits for a pause in the typing
}

void ScenarioEditor::startCheck() {
    if (m_checkRunning)
        return; // checkDone starts the next one
    m_checkRunning = true;
    const quint64 generation = m_checkGeneration;
    const Scenario scenario = m_checkScenario;
    const QString base = m_checkBase;
    const bool unsaved = m_baseDir.isEmpty();
    // The variables a run started now would get (read here: not from another thread).
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    m_checkPool->start([this, generation, scenario, base, unsaved, env] {
        const QList<Problem> problems = runCheck(scenario, base, unsaved, env);
        QStringList idents;
        for (const WorkerSpec& x : scenario.workers)
            idents.append(x.ident);
        // The destructor waits for this function; the queued call goes with the widget.
        QMetaObject::invokeMethod(
            this, [this, generation, problems, idents] { checkDone(generation, problems, idents); },
            Qt::QueuedConnection);
    });
}

void ScenarioEditor::checkDone(quint64 generation, const QList<Problem>& problems,
                               const QStringList& idents) {
    m_checkRunning = false;
    if (generation != m_checkGeneration) {
        // The scenario changed while it was checked: check it as it is now, unless the
        // pause timer is still waiting for the typing to stop.
        if (!m_checkTimer->isActive())
            startCheck();
        return;
    }
    m_checked = problems;
    m_checkedIdents = idents;
    m_checkPending = false;
    updateValidation();
    emit checked();
}

QList<Problem> ScenarioEditor::runProblems() const {
    QList<Problem> out;
    for (const Problem& p : m_checked) {
        const QRegularExpressionMatch m = workerPathPattern().match(p.path);
        if (!m.hasMatch()) {
            out.append(p);
            continue;
        }
        const QString ident = m_checkedIdents.value(m.captured(1).toInt());
        qsizetype row = -1;
        for (qsizetype i = 0; i < m_scenario.workers.size() && row < 0; ++i) {
            if (m_scenario.workers[i].ident == ident)
                row = i;
        }
        if (row < 0)
            continue; // the worker was removed or renamed since: its check is coming
        const QString rest = m.captured(2);
        out.append({rest.isEmpty() ? workerPath(int(row)) : workerPath(int(row)) + u'.' + rest,
                    p.message, p.line, p.column});
    }
    return out;
}

void ScenarioEditor::updateValidation() {
    // With no scenario there is nothing to check: an empty one is not the user's mistake.
    QList<Problem> problems = m_blank ? QList<Problem>() : m_scenario.validate();
    scheduleCheck();
    if (!m_blank) {
        for (const Problem& p : runProblems()) {
            if (!problems.contains(p))
                problems.append(p);
        }
    }
    // A field holding text that is not a value shows that text, not the scenario's last good
    // value: a problem of that value is not listed beside the text's own (typed key by key,
    // "800ms-200ms" went through "800m", 800 minutes, so the list also said "Think time: must
    // be at most 1h" of a value nobody sees). The text's problem keeps the scenario from
    // running until it is corrected or undone, and then the value is checked again.
    const auto underLocal = [this](const QString& path) {
        for (auto it = m_local.cbegin(); it != m_local.cend(); ++it) {
            const QString& local = it.key();
            if (path == local || (path.startsWith(local) &&
                                  (path.at(local.size()) == u'.' || path.at(local.size()) == u'[')))
                return true;
        }
        return false;
    };
    problems.removeIf([&](const Problem& p) { return underLocal(p.path); });
    for (auto it = m_local.cbegin(); it != m_local.cend(); ++it)
        problems.append({it.key(), it.value()});
    // Warnings (a threshold on a worker that is not run, stages longer than the run) do not
    // stop a run: they are listed after the problems and leave the editor valid.
    QList<Problem> warnings = m_blank ? QList<Problem>() : m_scenario.warnings();
    warnings.removeIf([&](const Problem& p) { return underLocal(p.path); });
    const bool changed = problems != m_problems;
    const bool warnChanged = warnings != m_warnings;
    m_problems = problems;
    m_warnings = warnings;
    if (!m_notice.isEmpty() && !m_local.contains(m_notice)) {
        m_notice.clear();
        w->notice->hide();
    }
    // The Kind combo's tooltip names the thresholds on the flow's steps, which another kind
    // takes along (the steps stay in memory, the thresholds would name no series).
    QString kindNote;
    if (const int row = currentWorker(); !m_blank && row >= 0 && row < m_scenario.workers.size() &&
                                         m_scenario.workers[row].target.kind == u"flow") {
        Scenario other = m_scenario;
        other.workers[row].target.kind = S(u"http");
        const QStringList dropped = dropRemoved(m_scenario, other);
        if (!dropped.isEmpty())
            kindNote = u'\n' +
                       tr("Another kind takes the thresholds on its steps along (Ctrl+Z brings "
                          "both back):") +
                       S(u"\n  ") + dropped.join(S(u"\n  "));
    }
    w->kind->setProperty("pusherNote", kindNote);
    markFields();
    if (!w->marked.contains(w->kind)) {
        const QString tip = w->kind->property("pusherHelp").toString() + kindNote;
        if (w->kind->toolTip() != tip)
            w->kind->setToolTip(tip);
    }
    // A line names its field by the worker's ident and the step's name as they are now: a
    // rename keeps the problems (same paths, same messages) but not their lines' words.
    QStringList lines;
    for (const Problem& p : std::as_const(m_problems))
        lines.append(describe(p));
    for (const Problem& p : std::as_const(m_warnings))
        lines.append(tr("Warning: %1").arg(describe(p)));
    QStringList shownLines;
    for (int i = 0; i < w->problems->count(); ++i)
        shownLines.append(w->problems->item(i)->text());
    if (changed || warnChanged || lines != shownLines) {
        // A problem stops the run (a red stop sign); a warning does not (a warning sign, and
        // its line says so first). Both go to their field when activated.
        w->problems->clear();
        qsizetype line = 0;
        for (const Problem& p : std::as_const(m_problems)) {
            auto* item = new QListWidgetItem(style()->standardIcon(QStyle::SP_MessageBoxCritical),
                                             lines.at(line++), w->problems);
            item->setData(Qt::UserRole, p.path);
            item->setToolTip(p.toString()); // the JSON path, for the file
        }
        for (const Problem& p : std::as_const(m_warnings)) {
            auto* item = new QListWidgetItem(style()->standardIcon(QStyle::SP_MessageBoxWarning),
                                             lines.at(line++), w->problems);
            item->setData(Qt::UserRole, p.path);
            item->setData(Qt::UserRole + 1, true); // a warning
            item->setToolTip(tr("%1\nA warning does not stop the run.").arg(p.toString()));
        }
        w->problems->updateGeometry(); // as tall as its rows
        if (!m_notice.isEmpty())
            selectNoticed();
        if (changed)
            emit problemsChanged();
        if (warnChanged)
            emit warningsChanged();
    }
    const qsizetype problemCount = m_problems.size();
    const qsizetype warningCount = m_warnings.size();
    QString status;
    if (m_blank)
        status = tr("No scenario is open: File › New makes one, File › Open opens one.");
    else if (problemCount == 0 && warningCount == 0)
        status = tr("No problems: the scenario can run.");
    else if (problemCount == 0)
        status =
            warningCount == 1
                ? tr("No problems: the scenario can run, with 1 &warning:")
                : tr("No problems: the scenario can run, with %1 &warnings:").arg(warningCount);
    else {
        status = problemCount == 1 ? tr("1 &problem") : tr("%1 &problems").arg(problemCount);
        if (warningCount == 1)
            status += tr(" and 1 warning");
        else if (warningCount > 1)
            status += tr(" and %1 warnings").arg(warningCount);
        status += u':';
    }
    w->problemsLabel->setText(status);
    w->problems->setVisible(!m_problems.isEmpty() || !m_warnings.isEmpty());
    fitProblems(); // the label and the notice may have changed their height
    // The remove buttons' tooltips name the thresholds that go with the selected worker, and
    // with the selected flow step.
    const auto removeTip = [this](QToolButton* button, Scenario without) {
        QString tip = button->property("pusherHelp").toString();
        const QStringList dropped = dropRemoved(m_scenario, without);
        if (!dropped.isEmpty())
            tip += u'\n' + tr("Its thresholds go with it (Ctrl+Z brings both back):") + S(u"\n  ") +
                   dropped.join(S(u"\n  "));
        if (button->toolTip() != tip)
            button->setToolTip(tip);
    };
    const int row = currentWorker();
    Scenario without = m_scenario;
    if (!m_blank && row >= 0 && row < m_scenario.workers.size())
        without.workers.removeAt(row);
    removeTip(w->remove, without);
    without = m_scenario;
    if (!m_blank && row >= 0 && row < m_scenario.workers.size() && w->step >= 0 &&
        w->step < m_scenario.workers[row].target.steps.size())
        without.workers[row].target.steps.removeAt(w->step);
    removeTip(w->stepRemove, without);
    w->splitter->setEnabled(!m_blank); // nothing to edit: File › New or Open gives a scenario
    const bool valid = m_problems.isEmpty() && !m_blank;
    if (valid != m_valid) {
        m_valid = valid;
        emit validityChanged(valid);
    }
}

void ScenarioEditor::markFields() {
    const bool wasUpdating = m_updating;
    m_updating = true; // item colours and tooltips must not count as edits

    QHash<QWidget*, QStringList> widgetMessages;
    QHash<QTableWidgetItem*, QStringList> cellMessages;
    QHash<QListWidgetItem*, QStringList> thresholdMessages;
    QHash<int, QStringList> rowMessages;
    QHash<int, QStringList> stepMessages;
    const int current = currentWorker();

    for (Problem p : std::as_const(m_problems)) {
        p.message = worded(p.message);
        const QRegularExpressionMatch m = workerPathPattern().match(p.path);
        if (!m.hasMatch()) {
            if (QListWidgetItem* item = w->thresholds->item(thresholdIndex(p.path)))
                thresholdMessages[item].append(p.message);
            else if (QWidget* field = w->scenarioFields.value(withoutTrailingIndex(p.path)))
                widgetMessages[field].append(p.message);
            continue;
        }
        const int row = m.captured(1).toInt();
        const QString rel = m.captured(2);
        rowMessages[row].append(rel.isEmpty() ? p.message
                                              : workerFieldLabel(rel, row) + S(u": ") + p.message);
        if (row != current)
            continue;
        if (const QRegularExpressionMatch sm = stepPattern().match(rel); sm.hasMatch()) {
            // A step's problem tints its line in the list; the selected step's fields too.
            const int step = sm.captured(1).toInt();
            stepMessages[step].append(p.message);
            if (step != w->step)
                continue;
            const QString field = S(u"target.steps.") + sm.captured(2);
            for (QWidget* target : w->fields.values(field))
                widgetMessages[target].append(p.message);
            continue;
        }
        static const QRegularExpression stagePattern(
            S(u"^rate\\.stages\\[(\\d+)\\]\\.(duration|rps)$"));
        if (const QRegularExpressionMatch sm = stagePattern.match(rel); sm.hasMatch()) {
            const int column = sm.captured(2) == u"duration" ? 0 : 1;
            if (QTableWidgetItem* item = w->stages->item(sm.captured(1).toInt(), column))
                cellMessages[item].append(p.message);
            continue;
        }
        if (rel.startsWith(u"target.headers.")) {
            const QString name = rel.mid(15);
            bool found = false;
            for (int r = 0; r < w->headers->rowCount(); ++r) {
                QTableWidgetItem* item = w->headers->item(r, 0);
                if (item && item->text() == name) {
                    cellMessages[item].append(p.message);
                    if (QTableWidgetItem* value = w->headers->item(r, 1))
                        cellMessages[value].append(p.message);
                    found = true;
                }
            }
            if (!found)
                widgetMessages[w->headers].append(p.message);
            continue;
        }
        const QList<QWidget*> targets = w->fields.values(withoutTrailingIndex(rel));
        for (QWidget* target : targets)
            widgetMessages[target].append(p.message);
    }

    // A warning marks its field as a problem does, in amber (see kWarningBackground): a
    // threshold on a worker that is not run, a worker's stages longer than the run.
    QHash<QWidget*, QStringList> widgetWarnings;
    QHash<QListWidgetItem*, QStringList> thresholdWarnings;
    for (Problem p : std::as_const(m_warnings)) {
        p.message = worded(p.message);
        const QRegularExpressionMatch m = workerPathPattern().match(p.path);
        if (!m.hasMatch()) {
            if (QListWidgetItem* item = w->thresholds->item(thresholdIndex(p.path)))
                thresholdWarnings[item].append(p.message);
            else if (QWidget* field = w->scenarioFields.value(withoutTrailingIndex(p.path)))
                widgetWarnings[field].append(p.message);
            continue;
        }
        if (m.captured(1).toInt() != current || stepPattern().match(m.captured(2)).hasMatch())
            continue;
        for (QWidget* target : w->fields.values(withoutTrailingIndex(m.captured(2))))
            widgetWarnings[target].append(p.message);
    }

    auto mark = [](QWidget* x, const QStringList& messages, const QStringList& warnings) {
        const bool invalid = !messages.isEmpty();
        const bool warning = !invalid && !warnings.isEmpty();
        const QString help = x->property("pusherHelp").toString();
        QString tip = help + x->property("pusherNote").toString();
        if (invalid)
            tip += S(u"\n\n⚠ ") + messages.join(S(u"\n⚠ "));
        if (!warnings.isEmpty())
            tip += (invalid ? S(u"\n") : S(u"\n\n")) + tr("Warning: ") +
                   warnings.join(u'\n' + tr("Warning: "));
        x->setToolTip(tip);
        if (x->property("invalid").toBool() != invalid ||
            x->property("warning").toBool() != warning) {
            x->setProperty("invalid", invalid);
            x->setProperty("warning", warning);
            x->style()->unpolish(x);
            x->style()->polish(x);
            x->update();
        }
    };
    for (QWidget* x : std::as_const(w->marked)) {
        if (!widgetMessages.contains(x) && !widgetWarnings.contains(x))
            mark(x, {}, {});
    }
    w->marked.clear();
    for (auto it = widgetMessages.cbegin(); it != widgetMessages.cend(); ++it) {
        mark(it.key(), it.value(), widgetWarnings.value(it.key()));
        w->marked.append(it.key());
    }
    for (auto it = widgetWarnings.cbegin(); it != widgetWarnings.cend(); ++it) {
        if (widgetMessages.contains(it.key()))
            continue;
        mark(it.key(), {}, it.value());
        w->marked.append(it.key());
    }

    for (QTableWidget* table : {w->headers, w->stages}) {
        for (int r = 0; r < table->rowCount(); ++r) {
            for (int c = 0; c < table->columnCount(); ++c) {
                QTableWidgetItem* item = table->item(r, c);
                if (!item)
                    continue;
                const QStringList messages = cellMessages.value(item);
                const QVariant background =
                    messages.isEmpty() ? QVariant() : QVariant(QBrush(kInvalidBackground));
                if (item->data(Qt::BackgroundRole) != background)
                    item->setData(Qt::BackgroundRole, background);
                const QString tip =
                    messages.isEmpty() ? QString() : S(u"⚠ ") + messages.join(S(u"\n⚠ "));
                if (item->toolTip() != tip)
                    item->setToolTip(tip);
            }
        }
    }
    for (int r = 0; r < w->thresholds->count(); ++r) {
        QListWidgetItem* item = w->thresholds->item(r);
        const QStringList messages = thresholdMessages.value(item);
        const QStringList warnings = thresholdWarnings.value(item);
        const QVariant background = !messages.isEmpty()   ? QVariant(QBrush(kInvalidBackground))
                                    : !warnings.isEmpty() ? QVariant(QBrush(kWarningBackground))
                                                          : QVariant();
        if (item->data(Qt::BackgroundRole) != background)
            item->setData(Qt::BackgroundRole, background);
        QStringList lines;
        for (const QString& m : messages)
            lines.append(S(u"⚠ ") + m);
        for (const QString& m : warnings)
            lines.append(tr("Warning: ") + m);
        const QString tip = lines.join(u'\n');
        if (item->toolTip() != tip)
            item->setToolTip(tip);
    }
    for (int r = 0; r < w->flowSteps->count(); ++r) {
        QListWidgetItem* item = w->flowSteps->item(r);
        const QStringList messages = stepMessages.value(r);
        const QVariant background =
            messages.isEmpty() ? QVariant() : QVariant(QBrush(kInvalidBackground));
        if (item->data(Qt::BackgroundRole) != background)
            item->setData(Qt::BackgroundRole, background);
        // The whole line (a narrow dock cuts it), then the step's problems.
        const QString tip = messages.isEmpty()
                                ? item->text()
                                : item->text() + S(u"\n⚠ ") + messages.join(S(u"\n⚠ "));
        if (item->toolTip() != tip)
            item->setToolTip(tip);
    }
    // A worker's warnings (its stages longer than the run) mark its row with a warning sign
    // when it has no problem (a problem's stop sign goes first), as the problems list does.
    QHash<int, QStringList> rowWarnings;
    for (Problem p : std::as_const(m_warnings)) {
        const QRegularExpressionMatch m = workerPathPattern().match(p.path);
        if (!m.hasMatch())
            continue;
        p.message = worded(p.message);
        const int row = m.captured(1).toInt();
        const QString rel = m.captured(2);
        rowWarnings[row].append(rel.isEmpty() ? p.message
                                              : workerFieldLabel(rel, row) + S(u": ") + p.message);
    }
    m_model->setProblems(rowMessages, rowWarnings);
    // A row's icon takes room from its ident: the columns are fitted again, so that
    // overtime and force give way before the ident is cut.
    fitWorkerColumns();
    m_updating = wasUpdating;
}

QString ScenarioEditor::workerFieldLabel(const QString& rel, int worker) const {
    static const QRegularExpression stagePattern(
        S(u"^rate\\.stages\\[(\\d+)\\]\\.(duration|rps)$"));
    if (const QRegularExpressionMatch m = stagePattern.match(rel); m.hasMatch()) {
        const int stage = m.captured(1).toInt() + 1;
        return m.captured(2) == u"duration" ? tr("Stage %1 duration").arg(stage)
                                            : tr("Stage %1 RPS").arg(stage);
    }
    // A header is named by its name; a row whose name is not typed yet by that ("Header :"
    // read as a label cut short).
    const auto header = [](const QString& name) {
        return name.isEmpty() ? tr("Header (no name)") : tr("Header %1").arg(name);
    };
    if (rel.startsWith(u"target.headers."))
        return header(rel.mid(15));
    if (const QRegularExpressionMatch m = stepPattern().match(rel); m.hasMatch()) {
        // "Step login › URL", "Step login › Header Authorization", "Step 2 › Extract token".
        const int step = m.captured(1).toInt();
        const int row = worker >= 0 ? worker : currentWorker();
        const QString name = m_scenario.workers.value(row).target.steps.value(step).name;
        const QString stepName =
            name.isEmpty() || row < 0 ? tr("Step %1").arg(step + 1) : tr("Step %1").arg(name);
        const QString field = m.captured(2);
        QString rest = m.captured(3);
        if (rest.startsWith(u'.'))
            rest.remove(0, 1);
        if (field.isEmpty())
            return stepName;
        QString label;
        if (field == u"headers")
            label = header(rest);
        else if (field == u"extract")
            label = tr("Extract %1").arg(rest.section(u'.', 0, 0));
        else
            label = w->labels.value(w->fields.value(S(u"target.steps.") + field), field);
        static const QRegularExpression index(S(u"^\\[(\\d+)\\]$"));
        if (const QRegularExpressionMatch i = index.match(rest); i.hasMatch())
            label += S(u" %1").arg(i.captured(1).toInt() + 1);
        return S(u"%1 › %2").arg(stepName, label);
    }
    static const QRegularExpression indexPattern(S(u"\\[(\\d+)\\]$"));
    const QRegularExpressionMatch index = indexPattern.match(rel);
    for (QWidget* field : w->fields.values(withoutTrailingIndex(rel))) {
        const QString label = w->labels.value(field);
        if (label.isEmpty())
            continue;
        return index.hasMatch()
                   ? S(u"%1 %2").arg(label, QString::number(index.captured(1).toInt() + 1))
                   : label;
    }
    return rel;
}

QString ScenarioEditor::fieldLabel(const QString& path) const {
    const QRegularExpressionMatch m = workerPathPattern().match(path);
    if (m.hasMatch()) {
        const int row = m.captured(1).toInt();
        const QString ident = m_scenario.workers.value(row).ident;
        const QString worker =
            ident.isEmpty() ? tr("Worker %1").arg(row + 1) : tr("Worker %1").arg(ident);
        const QString rel = m.captured(2);
        return rel.isEmpty() ? worker : S(u"%1 › %2").arg(worker, workerFieldLabel(rel, row));
    }
    if (const int t = thresholdIndex(path); t >= 0)
        return tr("Threshold %1").arg(t + 1);
    if (path == u"workers")
        return tr("Workers");
    const QString label = w->labels.value(w->scenarioFields.value(withoutTrailingIndex(path)));
    return label.isEmpty() ? path : label;
}

QString ScenarioEditor::describe(const Problem& problem) const {
    if (problem.path.isEmpty())
        return problem.toString();
    return fieldLabel(problem.path) + S(u": ") + worded(problem.message);
}

void ScenarioEditor::showProblem(const QString& path) {
    QWidget* target = nullptr;
    const QRegularExpressionMatch m = workerPathPattern().match(path);
    if (m.hasMatch()) {
        const int row = m.captured(1).toInt();
        if (row != currentWorker())
            setCurrentWorker(row);
        if (row != currentWorker())
            return; // the form holds text that is not a value: keepsWorker focused it
        QString rel = m.captured(2);
        if (const QRegularExpressionMatch sm = stepPattern().match(rel); sm.hasMatch()) {
            // Select the step, then its field ("target.steps.url"), or the list.
            const int step = sm.captured(1).toInt();
            if (step != w->step && keepsSteps(tr("select another step")))
                return; // the field holding the text has the focus
            if (step != w->step) {
                w->step = step;
                m_updating = true;
                refreshWorkerForm();
                m_updating = false;
                markFields();
            }
            rel = sm.captured(2).isEmpty() ? S(u"target.steps")
                                           : S(u"target.steps.") + sm.captured(2);
        }
        if (rel.startsWith(u"target.headers"))
            rel = S(u"target.headers");
        else if (rel.startsWith(u"rate.stages"))
            rel = S(u"rate.stages");
        const QList<QWidget*> targets = w->fields.values(withoutTrailingIndex(rel));
        for (QWidget* candidate : targets) {
            if (candidate->isVisibleTo(w->form))
                target = candidate;
        }
        if (!target)
            target = w->workers;
    } else {
        target = w->scenarioFields.value(withoutTrailingIndex(path), w->workers);
        if (thresholdIndex(path) >= 0)
            w->thresholds->setCurrentRow(thresholdIndex(path));
    }
    if (w->form->isAncestorOf(target))
        w->scroll->ensureWidgetVisible(target);
    target->setFocus(Qt::OtherFocusReason);
}

} // namespace pusher
