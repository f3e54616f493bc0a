// identCut: how a workers table's ident cell cuts its text, as the view lays the cell out.
#pragma once

#include <QIcon>
#include <QModelIndex>
#include <QString>
#include <QStyle>
#include <QStyleOptionViewItem>
#include <QTableView>

namespace testing {

// identCut says how a workers table's ident cell cuts its text ("\"api\" needs 50 px of 40"),
// empty when the text shows whole: the room the style gives the text in the cell, beside the
// warning icon when the row has one, as the view lays the cell out to paint it.
inline QString identCut(const QTableView* view, const QModelIndex& cell) {
    QStyleOptionViewItem option;
    option.initFrom(view->viewport());
    option.rect = view->visualRect(cell);
    option.font = view->font();
    option.fontMetrics = view->fontMetrics();
    option.features = QStyleOptionViewItem::HasDisplay;
    option.text = cell.data().toString();
    const QVariant icon = cell.data(Qt::DecorationRole);
    if (icon.isValid()) {
        option.features |= QStyleOptionViewItem::HasDecoration;
        option.icon = icon.value<QIcon>();
        const int side = view->style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, view);
        option.decorationSize = view->iconSize().isValid() ? view->iconSize() : QSize(side, side);
    }
    const QRect text = view->style()->subElementRect(QStyle::SE_ItemViewItemText, &option, view);
    const int margin = view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) + 1;
    const int room = text.width() - 2 * margin;
    const int needs = view->fontMetrics().horizontalAdvance(option.text);
    return needs <= room
               ? QString()
               : QStringLiteral("\"%1\" needs %2 px of %3").arg(option.text).arg(needs).arg(room);
}

} // namespace testing
